/** Events of a user's stream (`user-<id>`). Tokens enter the log only as hashes. */
export type Role = 'admin' | 'user';
export const ROLES: readonly Role[] = ['admin', 'user'];

export type UserEvent =
  | { type: 'UserCreated'; data: { id: string; name: string; role: Role; tokenHash: string; at: string } }
  | { type: 'UserTokenReplaced'; data: { tokenHash: string } }
  | { type: 'UserDeleted'; data: Record<string, never> };

export const userStreamId = (id: string) => `user-${id}`;
export const isUserStream = (streamId: string) => streamId.startsWith('user-');
