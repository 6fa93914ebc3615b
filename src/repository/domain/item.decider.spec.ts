import { ItemCommand, evolve, initialItemState } from './item.decider';
import { ItemEvent } from './item.events';
import { given } from './decider.spec-support';
import { LIMITS } from './limits';

const AT = '2026-11-26T10:00:00.000Z';
const ID = '11111111-1111-4111-8111-111111111111';
const FOLDER = '22222222-2222-4222-8222-222222222222';

/** The item every case starts from, as the event that created it and the command that creates it both have it. */
const ITEM = { id: ID, itemType: 'rule', name: 'Check', folderId: null, description: '', comments: '', content: {} } as const;

const created = (over: Partial<Extract<ItemEvent, { type: 'ItemCreated' }>['data']> = {}): ItemEvent => ({
  type: 'ItemCreated',
  data: {
    ...ITEM,
    createdBy: 'alice',
    createdAt: AT,
    lastEditedBy: 'alice',
    lastEditedAt: AT,
    ...over,
  },
});

const create = (over: Partial<Extract<ItemCommand, { type: 'CreateItem' }>['data']> = {}): ItemCommand => ({
  type: 'CreateItem',
  data: {
    ...ITEM,
    by: 'alice',
    at: AT,
    secretsProvided: [],
    nameTaken: false,
    folderExists: true,
    folderDepth: 0,
    ...over,
  },
});

const update = (over: Partial<Extract<ItemCommand, { type: 'UpdateItem' }>['data']> = {}): ItemCommand => ({
  type: 'UpdateItem',
  data: {
    changes: {},
    secretsProvided: [],
    nameTaken: false,
    folderExists: true,
    movesIntoOwnSubtree: false,
    folderDepth: 0,
    subtreeHeight: 0,
    ...over,
  },
});

const del = (over: Partial<Extract<ItemCommand, { type: 'DeleteItem' }>['data']> = {}): ItemCommand => ({
  type: 'DeleteItem',
  data: { referrers: [], hasChildren: false, recursive: false, ...over },
});

describe('item decider', () => {
  describe('CreateItem', () => {
    it("creates an item stamped with the command's user and time", () => {
      given([]).when(create()).then([created()]);
    });
    it('refuses an existing id', () => given([created()]).when(create()).thenFails('CONFLICT'));
    it('refuses a taken name', () =>
      given([])
        .when(create({ nameTaken: true }))
        .thenFails('ITEM_NAME_TAKEN'));
    it('refuses bad names', () => {
      given([])
        .when(create({ name: 'a/b' }))
        .thenFails('VALIDATION_FAILED', /"\/"/);
      given([])
        .when(create({ name: '' }))
        .thenFails('VALIDATION_FAILED');
      given([])
        .when(create({ name: 'tab\there' }))
        .thenFails('VALIDATION_FAILED', /control/);
      given([])
        .when(create({ name: 'half \ud83e' }))
        .thenFails('VALIDATION_FAILED', /unpaired surrogates/);
      given([])
        .when(create({ name: 'not \uffff' }))
        .thenFails('VALIDATION_FAILED', /noncharacters/);
      given([])
        .when(create({ name: '🧭'.repeat(LIMITS.nameLength) }))
        .then([created({ name: '🧭'.repeat(LIMITS.nameLength) })]);
    });
    it('refuses unknown types and malformed content', () => {
      given([])
        .when(create({ itemType: 'widget' }))
        .thenFails('VALIDATION_FAILED', /unknown item type/);
      given([])
        .when(create({ content: { rootTerm: { kind: 7 } } }))
        .thenFails('VALIDATION_FAILED', /kind/);
      given([])
        .when(create({ itemType: 'folder', content: { x: 1 } }))
        .thenFails('VALIDATION_FAILED');
    });
    it('refuses a folder that is not one', () =>
      given([])
        .when(create({ folderId: FOLDER, folderExists: false }))
        .thenFails('VALIDATION_FAILED', /folder/));
    it('nests folders at most LIMITS.folderDepth deep; other items go in the deepest', () => {
      const inDeepest = { folderId: FOLDER, folderDepth: LIMITS.folderDepth };
      given([])
        .when(create({ ...inDeepest, itemType: 'folder' }))
        .thenFails('VALIDATION_FAILED', /folders nest at most 100 deep/);
      given([])
        .when(create({ ...inDeepest, itemType: 'folder', folderDepth: LIMITS.folderDepth - 1 }))
        .then([created({ itemType: 'folder', folderId: FOLDER })]);
      given([])
        .when(create(inDeepest))
        .then([created({ folderId: FOLDER })]);
    });
    it('refuses descriptions and comments UTF-8 cannot carry unchanged, or too long', () => {
      given([])
        .when(create({ description: 'half \udc00 surrogate' }))
        .thenFails('VALIDATION_FAILED', /description must be Unicode text/);
      given([])
        .when(create({ comments: 'x'.repeat(LIMITS.textLength + 1) }))
        .thenFails('VALIDATION_FAILED', /comments must be at most/);
      given([created()])
        .when(update({ changes: { comments: '\ud800' } }))
        .thenFails('VALIDATION_FAILED', /comments must be Unicode text/);
    });
    it('takes incomplete rules (SPEC §3: saved, reported complete: false)', () => {
      const content = { rootTerm: { kind: 'Rule' } };
      given([])
        .when(create({ content }))
        .then([created({ content })]);
    });
    it('records provided passwords as set, never their value', () => {
      const content = { importCredentials: [{ name: 'pw', datatype: 'password', value: null }] };
      given([])
        .when(create({ itemType: 'datastore', content, secretsProvided: [{ list: 'importCredentials', name: 'pw' }] }))
        .then([created({ itemType: 'datastore', content }), { type: 'ItemPasswordSet', data: { list: 'importCredentials', name: 'pw' } }]);
    });
  });

  describe('UpdateItem', () => {
    it('emits one event per changed field and nothing for unchanged ones', () => {
      given([created()])
        .when(update({ changes: { name: 'Check 2', folderId: FOLDER, description: 'd', comments: '', content: { rootTerm: { kind: 'Not' } } } }))
        .then([
          { type: 'ItemRenamed', data: { name: 'Check 2' } },
          { type: 'ItemMoved', data: { folderId: FOLDER } },
          { type: 'ItemDescriptionChanged', data: { description: 'd' } },
          { type: 'ItemContentChanged', data: { content: { rootTerm: { kind: 'Not' } } } },
        ]);
      given([created()])
        .when(update({ changes: { name: 'Check' } }))
        .then([]);
    });
    it('checks the expected version', () => {
      given([created(), { type: 'ItemRenamed', data: { name: 'X' } }])
        .when(update({ changes: { name: 'Y' }, expectedVersion: 1 }))
        .thenFails('VERSION_CONFLICT');
      given([created(), { type: 'ItemRenamed', data: { name: 'X' } }])
        .when(update({ changes: { name: 'Y' }, expectedVersion: 2 }))
        .then([{ type: 'ItemRenamed', data: { name: 'Y' } }]);
    });
    it('refuses a rename onto a taken name and a move into its own subtree', () => {
      given([created()])
        .when(update({ changes: { name: 'Other' }, nameTaken: true }))
        .thenFails('ITEM_NAME_TAKEN');
      given([created({ itemType: 'folder' })])
        .when(update({ changes: { folderId: FOLDER }, movesIntoOwnSubtree: true }))
        .thenFails('VALIDATION_FAILED', /subtree/);
    });
    it('refuses a move that would nest folders deeper than LIMITS.folderDepth', () => {
      const folder = created({ itemType: 'folder' });
      const move = { changes: { folderId: FOLDER }, folderDepth: LIMITS.folderDepth - 3 };
      given([folder])
        .when(update({ ...move, subtreeHeight: 4 }))
        .thenFails('VALIDATION_FAILED', /would make them 101 deep/);
      given([folder])
        .when(update({ ...move, subtreeHeight: 3 }))
        .then([{ type: 'ItemMoved', data: { folderId: FOLDER } }]);
    });
    it('does not touch deleted or absent items', () => {
      given([created(), { type: 'ItemDeleted', data: {} }])
        .when(update({ changes: { name: 'Z' } }))
        .thenFails('NOT_FOUND');
      given([])
        .when(update({ changes: { name: 'Z' } }))
        .thenFails('NOT_FOUND');
    });
  });

  describe('DeleteItem', () => {
    it('deletes an unreferenced item', () =>
      given([created()])
        .when(del())
        .then([{ type: 'ItemDeleted', data: {} }]));
    it('refuses while referenced, listing the referrers', () =>
      given([created()])
        .when(del({ referrers: [{ id: 'x', name: 'Session', type: 'session' }] }))
        .thenFails('ITEM_IN_USE', /referenced by 1/));
    it('needs recursive for a non-empty folder', () => {
      given([created({ itemType: 'folder' })])
        .when(del({ hasChildren: true }))
        .thenFails('CONFLICT', /recursive/);
      given([created({ itemType: 'folder' })])
        .when(del({ hasChildren: true, recursive: true }))
        .then([{ type: 'ItemDeleted', data: {} }]);
    });
  });

  describe('SetPassword and AttachFile', () => {
    const store = created({
      itemType: 'datastore',
      content: {
        exportCredentials: [
          { name: 'pw', datatype: 'password', value: null },
          { name: 'f', datatype: 'upload', value: 'a.zip' },
        ],
      },
    });
    it('sets a password param', () =>
      given([store])
        .when({ type: 'SetPassword', data: { name: 'pw' } })
        .then([{ type: 'ItemPasswordSet', data: { list: 'exportCredentials', name: 'pw' } }]));
    it('refuses a param that is not a password', () =>
      given([store])
        .when({ type: 'SetPassword', data: { name: 'f' } })
        .thenFails('VALIDATION_FAILED'));
    it('attaches files to data stores only', () => {
      const file = { fileName: 'a.zip', sha256: 'ab', size: 3 };
      given([store])
        .when({ type: 'AttachFile', data: file })
        .then([{ type: 'ItemFileAttached', data: file }]);
      given([created()]).when({ type: 'AttachFile', data: file }).thenFails('VALIDATION_FAILED');
    });
    it('attaches only a file an upload param names, whatever the case of its datatype', () => {
      given([store])
        .when({ type: 'AttachFile', data: { fileName: 'b.zip', sha256: 'ab', size: 3 } })
        .thenFails('VALIDATION_FAILED');
      const shouting = created({
        itemType: 'datastore',
        content: { importCredentials: [{ name: 'f', datatype: 'UPLOAD', value: null, displayValue: 'c.zip' }] },
      });
      const file = { fileName: 'c.zip', sha256: 'cd', size: 1 };
      given([shouting])
        .when({ type: 'AttachFile', data: file })
        .then([{ type: 'ItemFileAttached', data: file }]);
      given([shouting])
        .when({ type: 'SetPassword', data: { name: 'f' } })
        .thenFails('VALIDATION_FAILED');
    });
    it('sets a password param spelt "Password"', () =>
      given([created({ itemType: 'datastore', content: { importCredentials: [{ name: 'pw', datatype: 'Password', value: null }] } })])
        .when({ type: 'SetPassword', data: { name: 'pw' } })
        .then([{ type: 'ItemPasswordSet', data: { list: 'importCredentials', name: 'pw' } }]));
  });

  it('evolve counts versions through every event, deletion included', () => {
    const state = [created(), { type: 'ItemRenamed', data: { name: 'B' } } as ItemEvent, { type: 'ItemDeleted', data: {} } as ItemEvent].reduce(
      evolve,
      initialItemState,
    );
    expect(state).toEqual({ status: 'deleted', version: 3 });
  });
});
