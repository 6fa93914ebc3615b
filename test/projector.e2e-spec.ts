import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventMetadata, NewEvent } from '../src/event-store/event-store';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { Projector } from '../src/read-model/projector';
import { VersionPreparer } from '../src/read-model/version-preparer';
import { ViewDatabase } from '../src/read-model/view-database';
import { withContentJson } from '../src/event-store/item-data-json';
import { buildIfNeeded } from './support/build';
import { actionBody, ruleBody } from './support/rule-bodies';

const META: EventMetadata = { userId: 'u1', userName: 'alice', at: '2026-11-27T10:00:00.000Z', correlationId: 'c1', causationId: 'c1' };

/**
 * ItemCreated events of every shape the worker has to handle: folders, rules, actions, data stores
 * with secrets, sessions. `contentLast`: their data laid out as a full restore writes it.
 */
function creations(count: number, contentLast = false): NewEvent[] {
  return Array.from({ length: count }, (_, n) => {
    const kind = n % 5;
    const type = ['folder', 'rule', 'action', 'datastore', 'session'][kind];
    const content = [
      {},
      ruleBody(),
      actionBody(),
      {
        importCredentials: [
          { name: 'pw', datatype: 'password', value: null },
          { name: 'f', datatype: 'upload', value: null, displayValue: 'a.zip' },
        ],
      },
      { tasks: [{ kind: 'check', datastore: `id-${n - 1}`, rules: [`id-${n - 3}`] }] },
    ][kind];
    const data = {
      id: `id-${n}`,
      itemType: type,
      name: `Item ${n} é`,
      folderId: kind === 0 ? null : `id-${n - kind}`,
      description: `d${n}`,
      comments: '',
      content,
      createdBy: 'alice',
      createdAt: META.at,
      lastEditedBy: 'alice',
      lastEditedAt: META.at,
    };
    const { content: _content, ...fields } = data;
    return { streamId: `item-id-${n}`, type: 'ItemCreated', data: contentLast ? withContentJson(fields, JSON.stringify(content)) : data, metadata: META };
  });
}

/**
 * The projected repository, every row of the tables ItemCreated writes, contents read as queries
 * read them (`logFile`: the log a view points into), without the columns that say where they are kept.
 */
function dump(file: string, logFile?: string) {
  const view = new ViewDatabase(file, logFile);
  try {
    const versions = view.db.prepare(`SELECT ${view.versionColumns('v')} FROM item_versions v ORDER BY item_id, from_pos`).all() as Record<string, unknown>[];
    for (const v of versions) for (const column of ['content_inline', 'content_pos', 'content_at', 'content_len']) delete v[column];
    return { versions, refs: view.db.prepare('SELECT * FROM refs ORDER BY from_id, field, to_id').all() };
  } finally {
    view.close();
  }
}

/**
 * Projects `log` into a fresh view at `file` (`byReference`: pointing into the log for contents):
 * the checkpoint it reached, and how many times the view's `watched` method was called.
 */
async function projectWatching(
  log: SqliteEventStore,
  file: string,
  preparer: VersionPreparer | null,
  watched: 'dropQueryIndexes' | 'dropProjectionIndexes' | 'createIndexes' | 'releaseAfterBigBatch',
  byReference = false,
): Promise<{ checkpoint: bigint; calls: number }> {
  const view = new ViewDatabase(file, byReference ? log.file : undefined);
  const spy = jest.spyOn(view, watched);
  try {
    await new Projector(log, view, preparer).catchUp();
    return { checkpoint: view.checkpoint(), calls: spy.mock.calls.length };
  } finally {
    view.close();
  }
}

/** Rows whose content the view keeps itself, and all rows. */
function inlineShare(file: string): { inline: number; all: number } {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(content_inline) AS inline, COUNT(*) AS "all" FROM item_versions').get() as { inline: number; all: number };
  } finally {
    db.close();
  }
}

describe('Projector with the version-preparing worker (e2e)', () => {
  let dir: string;
  let store: SqliteEventStore;
  /** The same events, their data with the content last (as a full restore writes it). */
  let restored: SqliteEventStore;

  beforeAll(async () => {
    buildIfNeeded();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-projector-'));
    store = new SqliteEventStore(path.join(dir, 'events.db'));
    restored = new SqliteEventStore(path.join(dir, 'restored.db'));
    const rename: NewEvent = { streamId: 'item-id-1', type: 'ItemRenamed', data: { name: 'Renamed' }, metadata: { ...META, correlationId: 'c2' } };
    await store.append(creations(1_000)); // pages of 100 with far more than the 20 it takes to use the worker
    await store.append([rename]);
    await restored.append(creations(1_000, true));
    await restored.append([rename]);
  }, 120_000);

  afterAll(async () => {
    await store.close();
    await restored.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** `byReference`: the view points into the log for contents, as on the embedded store. */
  async function project(file: string, preparer: VersionPreparer | null, from = store, byReference = false): Promise<void> {
    // A batch this small keeps the writer's cache.
    expect(await projectWatching(from, file, preparer, 'releaseAfterBigBatch', byReference)).toEqual({ checkpoint: 1_001n, calls: 0 });
  }

  it('projects a big batch exactly as the main thread alone does', async () => {
    const preparer = new VersionPreparer();
    const prepare = jest.spyOn(preparer, 'prepare');
    try {
      await project(path.join(dir, 'with-worker.db'), preparer);
      expect(prepare).toHaveBeenCalledTimes(10); // every page of the batch went to the worker
    } finally {
      await preparer.close();
    }
    await project(path.join(dir, 'inline.db'), null);

    const withWorker = dump(path.join(dir, 'with-worker.db'));
    expect(withWorker).toEqual(dump(path.join(dir, 'inline.db')));
    expect(withWorker.versions).toHaveLength(1_001);
    expect(withWorker.refs).toHaveLength(400); // 200 sessions, a data store and a rule each
    const store3 = withWorker.versions.find((v) => (v as { item_id: string }).item_id === 'id-3') as { content: string; shape_complete: number };
    expect(JSON.parse(store3.content).importCredentials[0]).toEqual({ name: 'pw', datatype: 'password', value: null });
  }, 120_000);

  it('takes the content of data laid out as a restore writes it from the log, the same as serialising it', async () => {
    const preparer = new VersionPreparer();
    try {
      await project(path.join(dir, 'restored-with-worker.db'), preparer, restored);
    } finally {
      await preparer.close();
    }
    await project(path.join(dir, 'restored-inline.db'), null, restored);
    const expected = dump(path.join(dir, 'inline.db'));
    expect(dump(path.join(dir, 'restored-with-worker.db'))).toEqual(expected);
    expect(dump(path.join(dir, 'restored-inline.db'))).toEqual(expected);
  }, 120_000);

  it('keeps contents by reference into the log when it can, and they read the same', async () => {
    const preparer = new VersionPreparer();
    try {
      await project(path.join(dir, 'by-reference-worker.db'), preparer, restored, true);
      await project(path.join(dir, 'api-layout-by-reference.db'), preparer, store, true);
    } finally {
      await preparer.close();
    }
    await project(path.join(dir, 'by-reference-inline.db'), null, restored, true);
    const expected = dump(path.join(dir, 'inline.db'));
    for (const [view, log] of [
      ['by-reference-worker.db', restored.file],
      ['by-reference-inline.db', restored.file],
      ['api-layout-by-reference.db', store.file],
    ]) {
      expect(dump(path.join(dir, view), log)).toEqual(expected);
    }
    // A restore's layout (content last): every version points into the log, the rename's too.
    expect(inlineShare(path.join(dir, 'by-reference-worker.db'))).toEqual({ inline: 0, all: 1_001 });
    // The API's layout (content amid the data) is kept inline: the view cannot point at it.
    expect(inlineShare(path.join(dir, 'api-layout-by-reference.db'))).toEqual({ inline: 1_001, all: 1_001 });
  }, 120_000);

  it('projects a big backlog in bulk as it projects it batch by batch, indexes and all', async () => {
    const events = [
      ...creations(20_000),
      ...Array.from({ length: 1_000 }, (_, n): NewEvent => ({
        streamId: `item-id-${n * 7}`,
        type: n % 2 ? 'ItemDeleted' : 'ItemRenamed',
        data: n % 2 ? {} : { name: `Renamed ${n}` },
        metadata: { ...META, correlationId: 'c3' },
      })),
    ];
    const log = new SqliteEventStore(path.join(dir, 'backlog.db'));
    const stepped = new ViewDatabase(path.join(dir, 'stepped-view.db'));
    const drop = jest.spyOn(stepped, 'dropQueryIndexes');
    try {
      for (let from = 0; from < events.length; from += 3_000) {
        await log.append(events.slice(from, from + 3_000));
        await new Projector(log, stepped, null).catchUp(); // a backlog of 3,000: event by event
      }
      expect(drop).not.toHaveBeenCalled();
    } finally {
      stepped.close();
    }
    try {
      expect(await projectWatching(log, path.join(dir, 'bulk-view.db'), null, 'dropQueryIndexes')).toEqual({ checkpoint: 21_000n, calls: 1 });
      // Into an empty view, the indexes the projection reads go too, and come back twice: before
      // the first rename (which looks its item up), and with the query indexes at the end.
      expect(await projectWatching(log, path.join(dir, 'bulk-view-2.db'), null, 'createIndexes')).toEqual({ checkpoint: 21_000n, calls: 2 });
    } finally {
      await log.close();
    }
    const indexes = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
      } finally {
        db.close();
      }
    };
    expect(dump(path.join(dir, 'bulk-view.db'))).toEqual(dump(path.join(dir, 'stepped-view.db')));
    expect(dump(path.join(dir, 'bulk-view-2.db'))).toEqual(dump(path.join(dir, 'stepped-view.db')));
    expect(indexes(path.join(dir, 'bulk-view-2.db'))).toEqual(indexes(path.join(dir, 'stepped-view.db')));
    expect(indexes(path.join(dir, 'bulk-view.db'))).toEqual(indexes(path.join(dir, 'stepped-view.db')));
    expect(indexes(path.join(dir, 'bulk-view.db')).length).toBeGreaterThan(10);
  }, 120_000);

  it('prepares replaced versions on the worker over the live versions, and not over what an earlier page changed first', async () => {
    const log = new SqliteEventStore(path.join(dir, 'edits.db'));
    const edit = (streamId: string, type: string, data: unknown): NewEvent => ({ streamId, type, data, metadata: { ...META, correlationId: 'c4' } });
    const replaced = (n: number, content: unknown, name = `Replaced ${n}`): NewEvent => {
      const fields = {
        name,
        folderId: `id-${n - (n % 5)}`,
        description: `r${n}`,
        comments: 'c',
        createdBy: 'bob',
        createdAt: META.at,
        lastEditedBy: 'bob',
        lastEditedAt: META.at,
      };
      return edit(`item-id-${n}`, 'ItemReplaced', withContentJson(fields, JSON.stringify(content)));
    };
    // A backlog projected in bulk (20,000 events; replacements in smaller ones are prepared here).
    // Page one (100 events) makes rule id-1 an action and renames id-6; the pages after it replace
    // 240 items, id-1 and id-6 among them: their versions are prepared before page one is written.
    const { data: recreated } = creations(3)[2]; // an action's ItemCreated, for id-1
    const pageOne = [
      edit('item-id-1', 'ItemDeleted', {}),
      edit('item-id-1', 'ItemCreated', { ...(recreated as Record<string, unknown>), id: 'id-1' }),
      edit('item-id-6', 'ItemRenamed', { name: 'Renamed 6' }),
      ...Array.from({ length: 97 }, (_, n) => edit(`item-id-${500 + n}`, 'ItemDescriptionChanged', { description: `page one ${n}` })),
    ];
    const replacements = Array.from({ length: 300 }, (_, n) => n)
      .filter((n) => n % 5 !== 0)
      .map((n) => replaced(n, n === 1 ? actionBody() : [{}, ruleBody(), actionBody(), { importCredentials: [] }, { tasks: [] }][n % 5]));
    const views = { worker: path.join(dir, 'edits-worker.db'), inline: path.join(dir, 'edits-inline.db') };
    const preparer = new VersionPreparer();
    const prepare = jest.spyOn(preparer, 'prepare');
    try {
      await log.append(creations(1_000, true));
      for (const [name, file] of Object.entries(views)) await projectWatching(log, file, name === 'worker' ? preparer : null, 'releaseAfterBigBatch', true);
      prepare.mockClear();
      await log.append(pageOne);
      await log.append(replacements);
      const noted = 20_000 - pageOne.length - replacements.length;
      await log.append(Array.from({ length: noted }, (_, n) => edit(`other-${n}`, 'Noted', { n }))); // not the projection's
      for (const [name, file] of Object.entries(views)) {
        expect(await projectWatching(log, file, name === 'worker' ? preparer : null, 'dropQueryIndexes', true)).toEqual({ checkpoint: 21_000n, calls: 1 });
      }
    } finally {
      await preparer.close();
      await log.close();
    }
    const sent = prepare.mock.calls.flatMap(([events]) => events).filter(({ event }) => event.type === 'ItemReplaced');
    expect(sent).toHaveLength(replacements.length); // every replaced item was live before the backlog
    const baseOf = (id: string) => sent.find(({ event }) => event.streamId === id)!.base;
    expect(baseOf('item-id-1')).toMatchObject({ type: 'rule' }); // made an action by page one, not yet written
    expect(baseOf('item-id-6')).toMatchObject({ name: 'Item 6 é' });

    const withWorker = dump(views.worker, log.file);
    expect(withWorker).toEqual(dump(views.inline, log.file));
    const live = (id: string) => withWorker.versions.filter((v) => v.item_id === id).at(-1);
    expect(live('id-1')).toMatchObject({ type: 'action', name: 'Replaced 1', content: JSON.stringify(actionBody()) });
    expect(live('id-6')).toMatchObject({ type: 'rule', name: 'Replaced 6', version: 3 });
  }, 120_000);

  it('projects creations and edits into an empty view in bulk as into one that held them, the indexes it reads dropped until an edit needs them', async () => {
    const log = new SqliteEventStore(path.join(dir, 'fresh.db'));
    const edit = (streamId: string, type: string, data: unknown): NewEvent => ({ streamId, type, data, metadata: { ...META, correlationId: 'c5' } });
    const views = { created: path.join(dir, 'fresh-created.db'), all: path.join(dir, 'fresh-all.db'), then: path.join(dir, 'fresh-then.db') };
    const preparer = new VersionPreparer();
    try {
      await log.append(creations(20_000, true));
      // Only creations: nothing is looked up, and the indexes come back once, at the end.
      expect(await projectWatching(log, views.created, preparer, 'createIndexes', true)).toEqual({ checkpoint: 20_000n, calls: 1 });
      await projectWatching(log, views.then, preparer, 'releaseAfterBigBatch', true);
      // Replacements in the same backlog as the creations: prepared on the worker over live
      // versions, which need the indexes back first.
      const replaced = Array.from({ length: 300 }, (_, n) => {
        const fields = {
          name: `Replaced ${n}`,
          folderId: null,
          description: '',
          comments: '',
          createdBy: 'bob',
          createdAt: META.at,
          lastEditedBy: 'bob',
          lastEditedAt: META.at,
        };
        return edit(`item-id-${n * 5 + 1}`, 'ItemReplaced', withContentJson(fields, JSON.stringify(ruleBody())));
      });
      await log.append(replaced);
      await log.append([edit('item-id-7', 'ItemDeleted', {})]);
      expect(await projectWatching(log, views.all, preparer, 'dropProjectionIndexes', true)).toEqual({ checkpoint: 20_301n, calls: 1 });
      const then = new ViewDatabase(views.then, log.file);
      try {
        await new Projector(log, then, preparer).catchUp(); // 301 events over 20,000 versions: event by event
      } finally {
        then.close();
      }
    } finally {
      await preparer.close();
      await log.close();
    }
    expect(dump(views.all, log.file)).toEqual(dump(views.then, log.file));
    expect(dump(views.all, log.file).versions.filter((v) => v.name === 'Replaced 0')).toHaveLength(1);
  }, 120_000);

  it("gives back the writer's page cache after a big batch", async () => {
    const big = new SqliteEventStore(path.join(dir, 'big.db'));
    try {
      const folders = Array.from({ length: 10_000 }, (_, n): NewEvent => ({
        streamId: `item-f${n}`,
        type: 'ItemCreated',
        data: {
          id: `f${n}`,
          itemType: 'folder',
          name: `F${n}`,
          folderId: null,
          description: '',
          comments: '',
          content: {},
          createdBy: 'a',
          createdAt: META.at,
          lastEditedBy: 'a',
          lastEditedAt: META.at,
        },
        metadata: META,
      }));
      await big.append(folders);
      expect(await projectWatching(big, path.join(dir, 'big-view.db'), null, 'releaseAfterBigBatch')).toEqual({ checkpoint: 10_000n, calls: 1 });
    } finally {
      await big.close();
    }
  }, 120_000);
});
