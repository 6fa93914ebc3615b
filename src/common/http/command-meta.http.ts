import { randomUUID } from 'node:crypto';
import type { AuthenticatedRequest } from '../../auth/auth.decorators';
import type { CommandMeta } from '../../core/command-meta';
import { DomainError } from '../errors';

/** The metadata of a command issued by an HTTP request: the actor, now, and the request's id. */
export function commandMeta(req: AuthenticatedRequest): CommandMeta {
  return { actor: req.actor, at: new Date().toISOString(), correlationId: req.correlationId, commandId: randomUUID() };
}

/** `If-Match: "3"` → 3; absent → undefined; `*` → undefined (any version). */
export function expectedVersion(req: AuthenticatedRequest): number | undefined {
  const header = req.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (!match) throw new DomainError('VALIDATION_FAILED', 'If-Match must be an ETag such as "3"');
  return Number(match[1]);
}
