import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import type { StrataConfig } from './config/config';
import { AppModule } from './app.module';
import { correlationMiddleware } from './common/http/correlation.middleware';
import { serveConsole } from './common/http/console.static';
import { DomainError } from './common/errors';
import { hasMoreBracketsThan, textNestsDeeperThan } from './common/json-text-nesting';
import { LIMITS } from './repository/domain/limits';

/** Builds the Nest application (used by main.ts and by the e2e tests). */
export async function createApp(config: StrataConfig, options: { logger?: false | ('error' | 'warn' | 'log')[] } = {}) {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn', 'log'],
  });
  app.disable('x-powered-by');
  app.use(correlationMiddleware);
  serveConsole(app);
  // JSON bodies only for JSON requests; file uploads and repository restores stream their raw bodies.
  app.use(
    express.json({
      limit: config.maxJsonBodyBytes,
      type: (req) => isJsonRequest(req.headers['content-type']) && !RAW_BODY_ROUTES.some((route) => route.test(req.url ?? '')),
      verify: refuseDeepJson,
    }),
  );
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new DomainError('VALIDATION_FAILED', 'the request is not valid', {
          errors: errors.flatMap((e) =>
            Object.values(e.constraints ?? { invalid: `${e.property} is not valid` }).map((message) => ({ field: e.property, message })),
          ),
        }),
    }),
  );
  app.enableShutdownHooks();
  setUpApiDocs(app);
  return app;
}

const RAW_BODY_ROUTES = [/^\/api\/items\/[^/]+\/files\//, /^\/api\/admin\/repository\/restore\b/];

/**
 * A JSON body may nest one level more than an item's content (the body wraps it): anything deeper
 * is refused (400) from its text, before it is parsed and before validation walks it recursively.
 */
const MAX_BODY_DEPTH = LIMITS.contentDepth + 1;

function refuseDeepJson(_req: unknown, _res: unknown, body: Buffer): void {
  const text = body.toString('utf8');
  if (hasMoreBracketsThan(text, MAX_BODY_DEPTH) && textNestsDeeperThan(text, MAX_BODY_DEPTH)) {
    throw Object.assign(new Error(`the request body nests deeper than ${MAX_BODY_DEPTH} levels of arrays and objects (an item's content: ${LIMITS.contentDepth})`), {
      status: 400,
      type: 'entity.too.deep',
    });
  }
}

function isJsonRequest(contentType: string | undefined): boolean {
  return !!contentType && /^application\/([\w.+-]*\+)?json\b/i.test(contentType);
}

function setUpApiDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Strata')
      .setDescription('Backup and restore for 1Integrate-style rules repositories, event-sourced. Errors are application/problem+json.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
