import { createHash, randomBytes } from 'node:crypto';

/** Bearer tokens: 256 random bits, stored only as their SHA-256. */
export function newToken(): string {
  return `strata_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
