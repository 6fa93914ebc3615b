import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** What each error status means across the API (SPEC §9); an operation lists the ones it can give. */
const MEANING: Record<number, string> = {
  400: 'VALIDATION_FAILED: the request is not valid (the problem lists the fields)',
  401: 'UNAUTHENTICATED: no bearer token, or one that is not valid',
  403: 'FORBIDDEN: the token is valid but its role may not do this',
  404: 'NOT_FOUND: no such item, restore or user (or not yours)',
  409: 'ITEM_NAME_TAKEN, ITEM_IN_USE, RESTORE_IN_PROGRESS or CONFLICT',
  412: 'VERSION_CONFLICT: If-Match no longer matches the item',
  413: 'PAYLOAD_TOO_LARGE: the body is larger than the configured limit',
  422: 'UNSUPPORTED_FORMAT or INVALID_BACKUP: the file is not a backup this request can take',
  429: 'TOO_MANY_REQUESTS: too many failed authentications from this address (Retry-After)',
};

/** The problem+json responses of an operation, each with its meaning and the Problem schema. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: MEANING[status],
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      }),
    ),
  );
}

/** Every route behind the bearer token can answer 401, and 429 once an address failed too often. */
export const AUTHENTICATED = [401, 429] as const;
/** …and admin routes 403 to other roles. */
export const ADMIN = [401, 403, 429] as const;

/** `{"$ref": "#/components/schemas/<name>"}` for the schemas of ./schemas.ts. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
