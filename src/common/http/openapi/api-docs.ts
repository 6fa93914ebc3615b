import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SCHEMAS } from './schemas';

/**
 * The OpenAPI 3 document of the API, served at /api/docs (Swagger UI) and /api/docs-json: the
 * controllers' decorators plus the response schemas written out in ./schemas.ts. Tokens are
 * opaque random strings, not JWTs.
 */
export function apiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Strata')
      .setDescription(
        'Backup and restore for 1Integrate-style rules repositories, event-sourced. Every route but /api/health needs `Authorization: Bearer <token>`. ' +
          'Lists are paged as `{items, nextCursor}`; errors are application/problem+json with a stable `code`.',
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque',
        description: 'a token made by POST /api/users, or STRATA_ADMIN_TOKEN: 256 random bits, not a JWT',
      })
      .build(),
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...SCHEMAS } };
  return document;
}

export function setUpApiDocs(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, apiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
