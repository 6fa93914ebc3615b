import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FaultPoint } from '../src/common/fault-points';
import { buildIfNeeded } from './support/build';
import { ServiceProcess } from './support/service-process';
import { writeGeneratedBackup } from './support/generated-backup';
import { lastStartedRestore, leftovers, restoreInLog, viewCheckpoint, withCopy } from './support/data-dir';
import { ruleBody } from './support/rule-bodies';
import { SERVICE_NODE_FLAGS } from '../src/config/node-flags';

const TOKEN = 'crash-test-admin-token-0123456789';
/**
 * Rules in the generated backups: enough for several parse chunks (500 items) and for a batch the
 * projector takes in many pages (more than the 13 it reads ahead), so that every point is
 * reached part-way through real work.
 */
const RULES = 2_000;

type Kind = 'items' | 'repository' | 'rollback';
type Outcome = 'all-before' | 'all-after';

/**
 * What the dead process left, exactly, at each point: its upload in tmp/ (removed once read); how
 * much of the file is in the restore's scratch file (parsed items, or a full restore's backup ids;
 * the file is gone once the batch is committed); how much of the batch is staged in a file beside
 * the log (none: restores and rollbacks stage in the log's WAL, which a crash discards); whether
 * the batch is committed (its RestoreFinished in the log); and, once committed, that the read
 * model has not applied it yet. A point moved elsewhere changes at least one of these, but for
 * mid-staging and before-commit, which differ only in the WAL.
 */
interface AtKill {
  upload: boolean;
  parsed: 'none' | 'some' | 'all';
  staged: 'none' | 'some' | 'all';
  committed: boolean;
  outcome: Outcome;
}
const at = (upload: boolean, parsed: AtKill['parsed'], staged: AtKill['staged'], committed: boolean): AtKill => ({
  upload,
  parsed,
  staged,
  committed,
  outcome: committed ? 'all-after' : 'all-before',
});
const EXPECTED: Record<Kind, Partial<Record<FaultPoint, AtKill>>> = {
  items: {
    'after-upload': at(true, 'none', 'none', false),
    'mid-parse': at(true, 'some', 'none', false),
    'mid-staging': at(false, 'all', 'none', false),
    'before-commit': at(false, 'all', 'none', false),
    'after-commit': at(false, 'none', 'none', true),
    'mid-projection': at(false, 'none', 'none', true),
  },
  repository: {
    'after-upload': at(true, 'none', 'none', false),
    'mid-parse': at(true, 'some', 'none', false),
    'mid-staging': at(false, 'all', 'none', false),
    'before-commit': at(false, 'all', 'none', false),
    'after-commit': at(false, 'none', 'none', true),
    'mid-projection': at(false, 'none', 'none', true),
  },
  rollback: {
    'mid-staging': at(false, 'none', 'none', false),
    'before-commit': at(false, 'none', 'none', false),
    'after-commit': at(false, 'none', 'none', true),
    'mid-projection': at(false, 'none', 'none', true),
  },
};
const LABEL: Record<Kind, string> = { items: 'an item restore', repository: 'a full restore', rollback: 'a rollback' };
const CASES = (Object.keys(EXPECTED) as Kind[]).flatMap((kind) =>
  Object.entries(EXPECTED[kind]).map(([point, expected]) => [LABEL[kind], point as FaultPoint, expected!.outcome, kind, expected!] as const),
);

interface Item {
  id: string;
  type: string;
  path: string;
  version: number;
  content: unknown;
}

/**
 * SPEC §5–6: a restore killed (SIGKILL, the built service with production flags) at any point
 * leaves the repository all-before or all-after — which one is fixed by the point — recorded as
 * failed or succeeded when the service starts again, with no temporary or staged file left. The
 * fault is injected with STRATA_FAULT (src/common/fault-points.ts).
 */
describe('restores killed at every step (e2e, child process)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-crash-'));
  const files = { items: path.join(work, 'items.json'), repository: path.join(work, 'repository.json') };
  const templates = { seeded: path.join(work, 'seeded'), restored: path.join(work, 'restored') };
  let generated = 0;
  let repositoryIds: string[] = [];
  /** The seeded repository (what a rollback goes back to), and the position to roll back to. */
  let seeds: Item[] = [];
  let rollbackTo = '';

  beforeAll(async () => {
    buildIfNeeded();
    generated = (await writeGeneratedBackup(files.items, RULES, 'items')).items;
    await writeGeneratedBackup(files.repository, RULES, 'repository');
    repositoryIds = (JSON.parse(fs.readFileSync(files.repository, 'utf8')).items as { id: string }[]).map((i) => i.id).sort();

    // Two data dirs every case starts from a copy of: a few items made through the API, and the
    // same after a full restore of the generated backup (what a rollback undoes).
    const service = new ServiceProcess(templates.seeded, { STRATA_ADMIN_TOKEN: TOKEN });
    service.token = TOKEN;
    try {
      await service.start();
      const folder = await created(service, { type: 'folder', name: 'Seeded' });
      await created(service, { type: 'rule', name: 'Kept', folderId: folder, content: ruleBody() });
      await created(service, { type: 'datastore', name: 'Store', folderId: folder, content: { importType: 'CSV' } });
      seeds = await snapshot(service);
      rollbackTo = (await service.api('GET', '/api/health')).body.position;
      await service.stop();
      fs.cpSync(templates.seeded, templates.restored, { recursive: true });
      const restoring = new ServiceProcess(templates.restored, { STRATA_ADMIN_TOKEN: TOKEN });
      restoring.token = TOKEN;
      try {
        await restoring.start();
        const res = await act(restoring, 'repository');
        expect(res?.status).toBe(200);
      } finally {
        await restoring.stop();
      }
    } finally {
      await service.stop();
    }
  }, 300_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it.each(CASES)(
    '%s killed %s: %s',
    async (_label, point, outcome, kind, expected) => {
      const dataDir = path.join(work, `${kind}-${point}`);
      fs.cpSync(kind === 'rollback' ? templates.restored : templates.seeded, dataDir, { recursive: true });
      const service = new ServiceProcess(dataDir, { STRATA_ADMIN_TOKEN: TOKEN, STRATA_FAULT: `${point}:kill` }, SERVICE_NODE_FLAGS);
      service.token = TOKEN;
      try {
        await service.start();
        const before = await snapshot(service);
        const records = (await service.api('GET', '/api/restores?limit=500')).body.items.length;

        // Every point comes before the answer: an answer means the point was never reached.
        expect(await act(service, kind)).toBeNull();
        expect(await Promise.race([service.exited(), deadline(30_000)])).toEqual({ code: null, signal: 'SIGKILL' });
        expect(service.output).toContain(`strata: fault: kill at ${point}\n`);

        // What the dead process left is exactly what this point implies.
        const id = lastStartedRestore(dataDir);
        const left = leftovers(dataDir);
        expect(left.uploads.length).toBe(expected.upload ? 1 : 0);
        expect(parsedShare(dataDir, kind, id)).toBe(expected.parsed);
        expect(stagedShare(dataDir, left.staged)).toBe(expected.staged);
        const log = restoreInLog(dataDir, id);
        expect(log.finishedAt !== null).toBe(expected.committed);
        if (expected.committed) expect(viewCheckpoint(dataDir)).toBeLessThan(log.finishedAt!);

        const again = new ServiceProcess(dataDir, { STRATA_ADMIN_TOKEN: TOKEN }, SERVICE_NODE_FLAGS);
        again.token = TOKEN;
        try {
          await again.start();
          const record = (await again.api('GET', `/api/restores/${id}`)).body;
          expect((await again.api('GET', '/api/restores?limit=500')).body.items.length).toBe(records + 1);
          const now = await snapshot(again);
          if (outcome === 'all-before') {
            expect(record).toMatchObject({ kind, status: 'failed', error: expect.stringMatching(/^interrupted: /) });
            expect(now).toEqual(before);
          } else {
            expect(record).toMatchObject({ kind, status: 'succeeded', counts: countsAfter(kind) });
            expect(record.error).toBeUndefined();
            expectAfter(kind, before, now);
          }
          expect(leftovers(dataDir)).toEqual({ uploads: [], scratch: [], staged: [] });
          // Nothing is left holding the repository: a write goes through.
          expect((await again.api('POST', '/api/items', { type: 'folder', name: 'Written After' })).status).toBe(201);
        } finally {
          await again.stop();
        }
      } finally {
        await service.stop('SIGKILL');
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    180_000,
  );

  /** Starts the restore of this kind; resolves with its response, or null when the service died first. */
  function act(service: ServiceProcess, kind: Kind): Promise<{ status: number; body: unknown } | null> {
    const send = async () => {
      if (kind === 'rollback') return service.api('POST', '/api/admin/repository/rollback', { position: rollbackTo });
      const form = new FormData();
      form.append(kind === 'items' ? 'files' : 'file', await fs.openAsBlob(files[kind]), `${kind}.json`);
      return service.api('POST', kind === 'items' ? '/api/restores' : '/api/admin/repository/restore', form);
    };
    return send().catch(() => null);
  }

  function countsAfter(kind: Kind): Record<string, number> {
    if (kind === 'items') return { ok: generated, renamed: 0, replaced: 0, skipped: 0, failed: 0 };
    if (kind === 'repository') return { created: generated, replaced: 0, deleted: seeds.length, unchanged: 0 };
    return { created: seeds.length, replaced: 0, deleted: generated, unchanged: 0 };
  }

  function expectAfter(kind: Kind, before: Item[], now: Item[]): void {
    if (kind === 'items') {
      // Everything that was there, unchanged, and every item of the file.
      expect(now.filter((i) => before.some((b) => b.id === i.id))).toEqual(before);
      expect(now.length).toBe(before.length + generated);
      expect(now.filter((i) => /^\/Generated \d+\/Rule \d+$/.test(i.path))).toHaveLength(RULES);
    } else if (kind === 'repository') {
      expect(now.map((i) => i.id).sort()).toEqual(repositoryIds);
    } else {
      // The repository as it was at the position rolled back to (versions moved on: recreated).
      const same = (items: Item[]) => items.map(({ version: _version, ...rest }) => rest);
      expect(same(now)).toEqual(same(seeds));
    }
  }
});

/** How much of the backup the restore's scratch file holds (items parsed; a full restore's ids). */
function parsedShare(dataDir: string, kind: Kind, id: string): AtKill['parsed'] {
  const file = path.join(dataDir, 'tmp', `restore-${id}.db`);
  if (kind === 'rollback' || !fs.existsSync(file)) return 'none';
  const table = kind === 'items' ? 'parsed' : 'incoming';
  const rows = Number(withCopy(file, (db) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as bigint));
  return rows === 0 ? 'none' : rows < RULES + Math.ceil(RULES / 500) ? 'some' : 'all';
}

/** How much of an item restore's batch is staged: none, some (no RestoreFinished yet), all (every item and the finish). */
function stagedShare(dataDir: string, staged: string[]): AtKill['staged'] {
  if (staged.length === 0) return 'none';
  expect(staged).toHaveLength(1);
  const { items, last } = withCopy(path.join(dataDir, staged[0]), (db) => ({
    items: Number(db.prepare("SELECT COUNT(*) FROM staged WHERE type = 'ItemCreated'").pluck().get() as bigint),
    last: db.prepare('SELECT type FROM staged ORDER BY seq DESC LIMIT 1').pluck().get() as string | undefined,
  }));
  if (last === 'RestoreFinished') {
    expect(items).toBe(RULES + Math.ceil(RULES / 500));
    return 'all';
  }
  return items > 0 ? 'some' : 'none';
}

async function created(service: ServiceProcess, body: Record<string, unknown>): Promise<string> {
  const res = await service.api('POST', '/api/items', body);
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Every live item, page by page, in a stable order. */
async function snapshot(service: ServiceProcess): Promise<Item[]> {
  const items: Item[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const page = await service.api('GET', `/api/items?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    items.push(...(page.body.items as Item[]).map(({ id, type, path, version, content }) => ({ id, type, path, version, content })));
    cursor = page.body.nextCursor;
  }
  return items.sort((a, b) => a.id.localeCompare(b.id));
}

function deadline(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`the service was not killed within ${ms / 1000} s`)), ms).unref());
}
