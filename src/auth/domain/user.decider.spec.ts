import { specsFor } from '../../repository/domain/decider.spec-support';
import { decideUser, evolveUser, initialUserState, type UserCommand, type UserState } from './user.decider';
import type { UserEvent } from './user.events';

const given = specsFor<UserCommand, UserState, UserEvent>(decideUser, evolveUser, initialUserState);
const AT = '2026-12-01T10:00:00.000Z';
const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const created = (id = ALICE, name = 'alice', tokenHash = 'hash-1'): UserEvent => ({ type: 'UserCreated', data: { id, name, role: 'user', tokenHash, at: AT } });
const create = (nameTaken = false): UserCommand => ({
  type: 'CreateUser',
  data: { id: ALICE, name: 'alice', role: 'user', tokenHash: 'hash-1', at: AT, nameTaken },
});

describe('user decider', () => {
  describe('CreateUser', () => {
    it('creates a user whose name is free', () => given([]).when(create()).then([created()]));
    it('refuses a name another user has (409)', () =>
      given([])
        .when(create(true))
        .thenFails('CONFLICT', /a user named "alice" already exists/));
    it('refuses an id that has a stream already', () => given([created()]).when(create()).thenFails('CONFLICT'));
  });

  describe('ReplaceUserToken', () => {
    it('replaces the token hash', () =>
      given([created()])
        .when({ type: 'ReplaceUserToken', data: { tokenHash: 'hash-2' } })
        .then([{ type: 'UserTokenReplaced', data: { tokenHash: 'hash-2' } }]));
    it('decides nothing when the token is the same', () =>
      given([created()])
        .when({ type: 'ReplaceUserToken', data: { tokenHash: 'hash-1' } })
        .then([]));
    it('takes the last replacement as the current token', () =>
      given([created(), { type: 'UserTokenReplaced', data: { tokenHash: 'hash-2' } }])
        .when({ type: 'ReplaceUserToken', data: { tokenHash: 'hash-2' } })
        .then([]));
    it('refuses a deleted user (404)', () =>
      given([created(), { type: 'UserDeleted', data: {} }])
        .when({ type: 'ReplaceUserToken', data: { tokenHash: 'hash-2' } })
        .thenFails('NOT_FOUND'));
  });

  describe('DeleteUser', () => {
    it('deletes another user', () =>
      given([created()])
        .when({ type: 'DeleteUser', data: { by: BOB } })
        .then([{ type: 'UserDeleted', data: {} }]));
    it('refuses to delete yourself (409)', () =>
      given([created()])
        .when({ type: 'DeleteUser', data: { by: ALICE } })
        .thenFails('CONFLICT', /yourself/));
    it('refuses a user that does not exist (404)', () =>
      given([])
        .when({ type: 'DeleteUser', data: { by: BOB } })
        .thenFails('NOT_FOUND', /user not found/));
    it('refuses a user deleted already (404)', () =>
      given([created(), { type: 'UserDeleted', data: {} }])
        .when({ type: 'DeleteUser', data: { by: BOB } })
        .thenFails('NOT_FOUND'));
  });
});
