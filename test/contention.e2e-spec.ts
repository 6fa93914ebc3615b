import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './support/build';
import { ServiceProcess } from './support/service-process';
import { writeGeneratedBackup } from './support/generated-backup';
import { ruleBody } from './support/rule-bodies';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';

const TOKEN = 'contention-admin-token-0123456789';
const LOG_WRITER = path.join(__dirname, 'support/log-writer.js');

/**
 * Real contention (DESIGN invariant 3, README "One writer at a time per instance" and "The
 * embedded log is for one instance"): requests that arrive together on the built service, a
 * write that arrives while a restore commits, and other processes writing to the same events.db.
 */
describe('contention (e2e, child processes)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-contention-'));
  const services: ServiceProcess[] = [];
  const serve = async (name: string, env: Record<string, string> = {}) => {
    const service = new ServiceProcess(path.join(work, name), { STRATA_ADMIN_TOKEN: TOKEN, ...env });
    service.token = TOKEN;
    services.push(service);
    await service.start();
    return service;
  };
  const create = async (service: ServiceProcess, body: Record<string, unknown>) => {
    const res = await service.api('POST', '/api/items', body);
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  };

  beforeAll(() => buildIfNeeded(), 180_000);
  afterAll(async () => {
    for (const service of services) await service.stop('SIGKILL');
    if (process.env.STRATA_TEST_DEBUG) for (const service of services) process.stderr.write(service.output);
    fs.rmSync(work, { recursive: true, force: true });
  });

  describe('If-Match under simultaneous requests', () => {
    let service: ServiceProcess;
    beforeAll(async () => {
      service = await serve('if-match');
    }, 60_000);

    it('twelve PATCHes with one If-Match at once: exactly one 200, eleven 412, and the winner is what is stored', async () => {
      const { id } = await create(service, { type: 'rule', name: 'Contended', content: ruleBody() });
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => service.api('PATCH', `/api/items/${id}`, { description: `writer ${i}` }, { 'If-Match': '"1"' })),
      );
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(1);
      expect(answers.filter((a) => a.status === 412).map((a) => a.body.code)).toEqual(Array(11).fill('VERSION_CONFLICT'));
      const stored = (await service.api('GET', `/api/items/${id}`)).body;
      expect(stored).toMatchObject({ version: 2, description: won[0].body.description });
      expect((await service.api('GET', `/api/items/${id}/history`)).body.map((h: { change: string }) => h.change)).toEqual(['created', 'description']);
    });

    it('without If-Match the same twelve all apply, one after another', async () => {
      const { id } = await create(service, { type: 'rule', name: 'Serialised', content: ruleBody() });
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => service.api('PATCH', `/api/items/${id}`, { description: `writer ${i}` })));
      expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
      expect(answers.map((a) => a.body.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
      expect((await service.api('GET', `/api/items/${id}`)).body.version).toBe(13);
    });

    it('DELETE with If-Match: a stale one is 412 and deletes nothing, the current one deletes', async () => {
      const { id } = await create(service, { type: 'rule', name: 'Deleted Carefully', content: ruleBody() });
      expect((await service.api('PATCH', `/api/items/${id}`, { description: 'moved on' })).status).toBe(200);
      const stale = await service.api('DELETE', `/api/items/${id}`, undefined, { 'If-Match': '"1"' });
      expect([stale.status, stale.body.code]).toEqual([412, 'VERSION_CONFLICT']);
      expect((await service.api('GET', `/api/items/${id}`)).status).toBe(200);
      expect((await service.api('DELETE', `/api/items/${id}`, undefined, { 'If-Match': '"2"' })).status).toBe(204);
      expect((await service.api('GET', `/api/items/${id}`)).status).toBe(404);
    });

    // The DELETE, bodiless, reaches the write gate first whichever is sent first: what this shows is
    // that the other is then refused on what the first did, never that both happen.
    it('a DELETE and a PATCH with the same If-Match at once: one happens, the other is refused', async () => {
      for (let round = 0; round < 6; round++) {
        const { id } = await create(service, { type: 'rule', name: `Either ${round}`, content: ruleBody() });
        const del = () => service.api('DELETE', `/api/items/${id}`, undefined, { 'If-Match': '"1"' });
        const patch = () => service.api('PATCH', `/api/items/${id}`, { description: 'or this' }, { 'If-Match': '"1"' });
        const [deleted, patched] = round % 2 === 0 ? await Promise.all([del(), patch()]) : (await Promise.all([patch(), del()])).reverse();
        const after = await service.api('GET', `/api/items/${id}`);
        if (deleted.status === 204) {
          // The PATCH came second: it was decided on a deleted item.
          expect([patched.status, patched.body.code, after.status]).toEqual([404, 'NOT_FOUND', 404]);
        } else {
          expect([deleted.status, deleted.body.code, patched.status]).toEqual([412, 'VERSION_CONFLICT', 200]);
          expect(after.body).toMatchObject({ version: 2, description: 'or this' });
        }
      }
    });

    it('a malformed If-Match is 400 on PATCH and DELETE, and nothing is written', async () => {
      const { id } = await create(service, { type: 'rule', name: 'Malformed Match', content: ruleBody() });
      const before = { item: (await service.api('GET', `/api/items/${id}`)).body, position: (await service.api('GET', '/api/health')).body.position };
      for (const value of ['1', '"one"', 'W/', '"1", "2"', '"1', '""']) {
        const patch = await service.api('PATCH', `/api/items/${id}`, { description: 'never' }, { 'If-Match': value });
        const del = await service.api('DELETE', `/api/items/${id}`, undefined, { 'If-Match': value });
        expect([value, patch.status, patch.body.code, del.status, del.body.code]).toEqual([value, 400, 'VALIDATION_FAILED', 400, 'VALIDATION_FAILED']);
      }
      expect({ item: (await service.api('GET', `/api/items/${id}`)).body, position: (await service.api('GET', '/api/health')).body.position }).toEqual(before);
    });
  });

  it('a write (or another restore) that arrives while an item restore commits waits for it, and is decided on what the restore wrote', async () => {
    const service = await serve('item-restore-race', { STRATA_FAULT: 'before-commit:hold' });
    const folder = await create(service, { type: 'folder', name: 'Race' });
    const target = await create(service, { type: 'rule', name: 'Target', folderId: folder.id, content: ruleBody() });
    const backup = await fetch(`${service.url}/api/backups`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [target.id] }),
    }).then((r) => r.json() as Promise<{ items: { type: string; description: string }[] }>);
    backup.items.find((i) => i.type === 'rule')!.description = 'from the backup';
    const form = new FormData();
    form.append('files', new Blob([JSON.stringify(backup)]), 'target.json');
    const restoring = service.api('POST', '/api/restores?onConflict=replace', form);
    await service.printed(/fault: hold at before-commit/);

    // The restore holds its batch, planned, uncommitted: these writes arrive now.
    const stale = service.api('PATCH', `/api/items/${target.id}`, { description: 'decided on version 1' }, { 'If-Match': '"1"' });
    const blind = service.api('PATCH', `/api/items/${target.id}`, { comments: 'no If-Match' });
    const created = service.api('POST', '/api/items', { type: 'rule', name: 'Arrived Meanwhile', folderId: folder.id, content: ruleBody() });
    // Another restore, whose record waits for the held batch (it holds the embedded log).
    const again = new FormData();
    again.append('files', new Blob([JSON.stringify(backup)]), 'again.json');
    const restoringAgain = service.api('POST', '/api/restores', again);
    service.release();

    const restored = await restoring;
    expect([restored.status, restored.body.counts.replaced]).toEqual([200, 1]);
    const restoredAgain = await restoringAgain;
    expect([restoredAgain.status, restoredAgain.body.counts.renamed]).toEqual([200, 1]);
    expect(BigInt(restoredAgain.body.position)).toBeGreaterThan(BigInt(restored.body.position));
    expect((await stale).status).toBe(412);
    expect((await blind).status).toBe(200);
    expect((await created).status).toBe(201);
    const history = (await service.api('GET', `/api/items/${target.id}/history`)).body as { change: string; restoreId?: string }[];
    expect(history.map((h) => [h.change, h.restoreId ?? null])).toEqual([
      ['created', null],
      ['replaced', restored.body.restoreId],
      ['comments', null],
    ]);
    expect((await service.api('GET', `/api/items/${target.id}`)).body).toMatchObject({ description: 'from the backup', comments: 'no If-Match' });
  }, 60_000);

  it('two processes appending to one events.db at once: one order, no gap, no lost or doubled revision', async () => {
    const file = path.join(work, 'shared-log', 'events.db');
    fs.mkdirSync(path.dirname(file));
    await new SqliteEventStore(file).close(); // the log exists (made WAL) before they open it, as a service's would
    const a = logWriter([file, 'race', 'writer-a', '200']);
    const b = logWriter([file, 'race', 'writer-b', '200']);
    await Promise.all([a.printed('ready'), b.printed('ready')]);
    a.go();
    b.go();
    const results = await Promise.all([a.result, b.result]);
    expect(results.map((r) => r.appended)).toEqual([200, 200]);

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare('SELECT position, stream_id, stream_revision FROM events ORDER BY position').all() as {
        position: number;
        stream_id: string;
        stream_revision: number;
      }[];
      expect(rows.map((r) => r.position)).toEqual(Array.from({ length: 800 }, (_, i) => i + 1));
      for (const stream of ['shared', 'writer-a', 'writer-b']) {
        const revisions = rows.filter((r) => r.stream_id === stream).map((r) => r.stream_revision);
        expect([stream, revisions]).toEqual([stream, Array.from({ length: stream === 'shared' ? 400 : 200 }, (_, i) => i)]);
      }
      // Each batch is whole and in one piece: a writer's event is followed by the shared one.
      for (let i = 0; i < rows.length; i += 2) expect([rows[i].stream_id.startsWith('writer-'), rows[i + 1].stream_id]).toEqual([true, 'shared']);
    } finally {
      db.close();
    }
    process.stderr.write(`contention: the two writers were refused ${results[0].conflicts} and ${results[1].conflicts} times and decided again\n`);
  }, 60_000);

  it('while a full restore holds the log, another process’s write fails with SQLITE_BUSY after the busy timeout; afterwards it goes through, nothing corrupt', async () => {
    const service = await serve('busy', { STRATA_FAULT: 'mid-staging:hold' });
    await create(service, { type: 'folder', name: 'Deleted By The Restore' });
    const backup = path.join(work, 'busy.json');
    const { items } = await writeGeneratedBackup(backup, 1000);
    const form = new FormData();
    form.append('file', await fs.openAsBlob(backup), 'busy.json');
    const restoring = service.api('POST', '/api/admin/repository/restore', form);
    await service.printed(/fault: hold at mid-staging/);
    const log = path.join(service.dataDir, 'events.db');

    const busy = await logWriter([log, 'once', 'intruder']).result;
    expect(busy.error).toBe('SQLITE_BUSY');
    expect(busy.ms).toBeGreaterThanOrEqual(4_500);
    // Meanwhile the service reads, and refuses writes (RESTORE_IN_PROGRESS), as SPEC §6 says.
    expect((await service.api('GET', '/api/tree')).status).toBe(200);
    expect((await service.api('POST', '/api/items', { type: 'folder', name: 'During' })).body.code).toBe('RESTORE_IN_PROGRESS');

    service.release();
    const restored = await restoring;
    expect([restored.status, restored.body.counts]).toEqual([200, { created: items, replaced: 0, deleted: 1, unchanged: 0 }]);
    const after = await logWriter([log, 'once', 'intruder']).result;
    expect(after.error).toBeUndefined();
    expect(BigInt(after.position!)).toBe(BigInt(restored.body.position) + 1n);
    // The service goes on after the other process's event, and its log is whole.
    const next = await create(service, { type: 'folder', name: 'After' });
    expect((await service.api('GET', `/api/items/${next.id}`)).status).toBe(200);
    await service.stop();
    const db = new Database(log, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const positions = db.prepare('SELECT position FROM events ORDER BY position').pluck().all() as number[];
      expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1));
    } finally {
      db.close();
    }
  }, 120_000);
});

/** The log writer (support/log-writer.js) as a child process. */
function logWriter(args: string[]) {
  const child = spawn(process.execPath, [LOG_WRITER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const listeners: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const result = new Promise<{ appended?: number; conflicts?: number; position?: string; error?: string; ms: number }>((resolve, reject) =>
    child.once('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last));
      else reject(new Error(`log writer exited ${code}:\n${output}`));
    }),
  );
  return {
    result,
    printed: (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => output.includes(text) && resolve();
        listeners.push(check);
        check();
      }),
    go: () => child.stdin.end('go\n'),
  };
}
