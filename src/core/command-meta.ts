import type { EventMetadata } from '../event-store/event-store';
import type { Role } from '../auth/domain/user.events';

/** Who is acting: the authenticated user. */
export interface Actor {
  userId: string;
  userName: string;
  role: Role;
}

/** What every command carries besides its data: who, when, and what caused it. */
export interface CommandMeta {
  actor: Actor;
  at: string;
  correlationId: string;
  commandId: string;
  restoreId?: string;
}

export function eventMetadata(meta: CommandMeta): EventMetadata {
  return {
    userId: meta.actor.userId,
    userName: meta.actor.userName,
    at: meta.at,
    correlationId: meta.correlationId,
    causationId: meta.commandId,
    ...(meta.restoreId ? { restoreId: meta.restoreId } : {}),
  };
}

/** The system itself (first-start admin, STRATA_ADMIN_TOKEN). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', userName: 'system', role: 'admin' };
