import { ValidationPipe } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { StrataConfig } from './config/config';
import { AppModule } from './app.module';
import { correlationMiddleware } from './common/http/correlation.middleware';
import { serveConsole } from './common/http/console.static';
import { securityHeaders } from './common/http/security-headers';
import { applyServerTimeouts } from './common/http/server-timeouts';
import { JsonBodyInterceptor } from './common/http/json-body';
import { DomainError } from './common/errors';
import { setUpApiDocs } from './common/http/openapi/api-docs';
import { armFault } from './common/fault-points';

/** Builds the Nest application (used by main.ts and by the e2e tests). */
export async function createApp(config: StrataConfig, options: { logger?: false | ('error' | 'warn' | 'log')[] } = {}) {
  armFault(config.fault);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn', 'log'],
  });
  applyServerTimeouts(app.getHttpServer(), config);
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(correlationMiddleware);
  app.use(securityHeaders());
  serveConsole(app);
  // No body parser in front of the routes: JSON bodies are parsed after the auth guard
  // (src/common/http/json-body.ts); file uploads and repository restores stream their raw bodies.
  app.useGlobalInterceptors(new JsonBodyInterceptor(config, app.get(Reflector)));
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
