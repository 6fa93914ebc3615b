/**
 * Domain errors carry a stable code; the global exception filter maps code → HTTP status and
 * problem+json once (SPEC §9). Controllers never build error responses themselves.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'ITEM_NAME_TAKEN'
  | 'ITEM_IN_USE'
  | 'RESTORE_IN_PROGRESS'
  | 'CONFLICT'
  | 'VERSION_CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_FORMAT'
  | 'INVALID_BACKUP'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL';

export const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ITEM_NAME_TAKEN: 409,
  ITEM_IN_USE: 409,
  RESTORE_IN_PROGRESS: 409,
  CONFLICT: 409,
  VERSION_CONFLICT: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_FORMAT: 422,
  INVALID_BACKUP: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
};

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members of the problem document (e.g. `errors`, `referrers`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const validationFailed = (message: string, errors?: FieldError[]) =>
  new DomainError('VALIDATION_FAILED', message, errors ? { errors } : {});
