import { itemDeleted, restoredVersion, versionEvent } from './item.builders';

const author = { userName: 'restorer', at: '2026-12-01T10:00:00.000Z' };
const recorded = {
  description: 'd',
  comments: 'c',
  createdBy: 'alice',
  createdAt: '2020-01-01T00:00:00.000Z',
  lastEditedBy: 'bob',
  lastEditedAt: '2021-01-01T00:00:00.000Z',
};

describe('item event builders', () => {
  it("keeps the backup's metadata and stamps", () => {
    expect(restoredVersion('Rule', 'f1', recorded, author)).toEqual({ name: 'Rule', folderId: 'f1', ...recorded });
  });

  it('keeps a stamp the backup records as empty when it records another (legacy XML: unknown)', () => {
    const some = { ...recorded, createdBy: '', createdAt: '' };
    expect(restoredVersion('Rule', null, some, author)).toMatchObject({ createdBy: '', createdAt: '', lastEditedBy: 'bob' });
  });

  it('stamps with the restoring user and time what records no stamp, and what has no metadata at all', () => {
    const none = { ...recorded, createdBy: '', createdAt: '', lastEditedBy: '', lastEditedAt: '' };
    const stamps = { createdBy: 'restorer', createdAt: author.at, lastEditedBy: 'restorer', lastEditedAt: author.at };
    expect(restoredVersion('Rule', null, none, author)).toEqual({ name: 'Rule', folderId: null, description: 'd', comments: 'c', ...stamps });
    expect(restoredVersion('Folder', null, null, author)).toEqual({ name: 'Folder', folderId: null, description: '', comments: '', ...stamps });
  });

  it('creates an item the repository lacks, with its id and type first, and replaces one it has with its fields alone', () => {
    const fields = restoredVersion('Rule', null, recorded, author);
    const created = versionEvent('created', 'id-1', 'rule', fields);
    expect(created).toEqual({ type: 'ItemCreated', data: { id: 'id-1', itemType: 'rule', ...fields } });
    expect(Object.keys(created.data).slice(0, 3)).toEqual(['id', 'itemType', 'name']);
    expect(versionEvent('replaced', 'id-1', 'rule', fields)).toEqual({ type: 'ItemReplaced', data: fields });
  });

  it('deletes with no data', () => {
    expect(itemDeleted()).toEqual({ type: 'ItemDeleted', data: {} });
  });
});
