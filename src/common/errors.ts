/**
 * Domain errors carry a stable code and know nothing of HTTP: the global exception filter
 * (problem.filter.ts) maps code → HTTP status and problem+json once (SPEC §9). Controllers never
 * build error responses themselves.
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
export const validationFailed = (message: string, errors?: FieldError[]) => new DomainError('VALIDATION_FAILED', message, errors ? { errors } : {});
