import { DomainError } from './errors';

/** Every list is paged the same way (SPEC §3). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 100;

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string): T {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'cursor is not valid');
  }
}
