import { DomainError, notFound } from '../../common/errors';
import type { Role, UserEvent } from './user.events';

/** A user as its stream makes it. */
export type UserState = { status: 'none' } | { status: 'active'; id: string; name: string; role: Role; tokenHash: string } | { status: 'deleted' };

export const initialUserState: UserState = { status: 'none' };

/** What can be asked of a user's stream; facts about other users and the time come in the command. */
export type UserCommand =
  | { type: 'CreateUser'; data: { id: string; name: string; role: Role; tokenHash: string; at: string; nameTaken: boolean } }
  | { type: 'ReplaceUserToken'; data: { tokenHash: string } }
  | { type: 'DeleteUser'; data: { by: string } };

/** The events `command` makes of a user in `state`, or the DomainError that refuses it. */
export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'CreateUser': {
      const { id, name, role, tokenHash, at, nameTaken } = command.data;
      if (nameTaken) throw new DomainError('CONFLICT', `a user named "${name}" already exists`);
      if (state.status !== 'none') throw new DomainError('CONFLICT', `user ${id} exists already`);
      return [{ type: 'UserCreated', data: { id, name, role, tokenHash, at } }];
    }
    case 'ReplaceUserToken': {
      if (state.status !== 'active') throw notFound('user');
      if (state.tokenHash === command.data.tokenHash) return [];
      return [{ type: 'UserTokenReplaced', data: { tokenHash: command.data.tokenHash } }];
    }
    case 'DeleteUser': {
      if (state.status !== 'active') throw notFound('user');
      if (state.id === command.data.by) throw new DomainError('CONFLICT', 'you cannot delete yourself');
      return [{ type: 'UserDeleted', data: {} }];
    }
  }
}

/** The state after `event`. */
export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserCreated':
      return { status: 'active', id: event.data.id, name: event.data.name, role: event.data.role, tokenHash: event.data.tokenHash };
    case 'UserTokenReplaced':
      return state.status === 'active' ? { ...state, tokenHash: event.data.tokenHash } : state;
    case 'UserDeleted':
      return { status: 'deleted' };
  }
}
