import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBackup } from '../bench/generate-backup';
import { loadHpmsCorpus } from '../bench/hpms-corpus';
import { TENTH_EDIT, editBackup } from '../bench/edit-backup';
import { ContentFactsFile } from '../src/read-model/content-facts-file';
import { restore } from './support/restore-helpers';
import { startApp, type TestApp } from './support/test-app';

/** Every row of the view's versions and references, the places their contents are kept included. */
function dump(dataDir: string) {
  const db = new Database(path.join(dataDir, 'view.db'), { readonly: true });
  try {
    return {
      versions: db.prepare('SELECT * FROM item_versions ORDER BY item_id, version').all(),
      refs: db.prepare('SELECT * FROM refs ORDER BY from_id, field, to_id').all(),
    };
  } finally {
    db.close();
  }
}

/** The item types of a backup's items, in file order (one item a line, as Strata writes it). */
function typesIn(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/^\{"id":"[^"]*","type":"([^"]+)"/gm)].map((m) => m[1]);
}

describe('restores give the projection the facts of their contents (e2e)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-facts-'))));
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (t) fs.rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('full and item restores project the versions and references that the log alone projects', async () => {
    // HPMS-like items: folders, rules and actions on templates, data stores, sessions referencing them.
    const file = path.join(dir, 'backup.json');
    await generateBackup(file, 400, loadHpmsCorpus(path.join(__dirname, 'fixtures', '1integrate', 'hpms-items')));
    const types = typesIn(file);
    expect(types).toHaveLength(400);
    t = await startApp();
    const of = jest.spyOn(ContentFactsFile.prototype, 'of');
    const given = () => of.mock.results.filter((r) => r.value !== undefined).length;

    await t.admin().post('/api/admin/repository/restore').attach('file', file).expect(200);
    // Every item's version but the data stores' was made from the facts the restore gave.
    expect(given()).toBe(types.filter((type) => type !== 'datastore').length);
    of.mockClear();

    // The same items as an item restore: copies, renamed, with new ids and their references rewired to them.
    const res = await restore(t, [file]).expect(200);
    expect(res.body.counts).toEqual({ ok: 12, renamed: 388, replaced: 0, skipped: 0, failed: 0 }); // the folders are there already
    expect(given()).toBe(types.filter((type) => type !== 'datastore' && type !== 'folder').length);
    of.mockClear();

    // The backup again, every tenth item's description edited: the copies deleted, and the edited
    // items replaced over their live versions, on the projection's own thread (a batch this small).
    const edited = path.join(dir, 'edited.json');
    const { changed } = await editBackup(file, edited, TENTH_EDIT);
    const again = await t.admin().post('/api/admin/repository/restore').attach('file', edited).expect(200);
    expect(again.body.counts).toEqual({ created: 0, replaced: changed, deleted: 388, unchanged: 400 - changed });
    expect(given()).toBe(types.filter((type, i) => i % 10 === 0 && type !== 'datastore').length);
    of.mockRestore();

    const projected = dump(t.dataDir);
    expect(projected.versions.length).toBeGreaterThan(800);
    expect(projected.refs.length).toBeGreaterThan(100);
    expect(fs.readdirSync(path.join(t.dataDir, 'tmp')).filter((name) => name.includes('facts'))).toEqual([]);

    // The read model is rebuilt from the log alone: the same rows.
    await t.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(t.dataDir, `view.db${suffix}`), { force: true });
    t = await startApp({ dataDir: t.dataDir });
    expect(dump(t.dataDir)).toEqual(projected);
  }, 120_000);
});
