import fc from 'fast-check';
import { TestApp, startApp, stopApp } from './support/test-app';
import { ReportItem, asText, backupText, restore } from './support/restore-helpers';
import { PlannedItem, planRepository, repositoryArb } from './support/repository-model';
import { closureOf, comparable, createThrough, emptyRepository, snapshot } from './support/repository-snapshot';

/**
 * Every backup Strata writes restores (SPEC §3, DESIGN invariant 10), as properties over
 * repositories made through the API: every item type, incomplete rules and actions, empty
 * folders, folders and content at their depth limits, names at their length limit, Unicode,
 * XML-special characters, line breaks, passwords, uploaded files, templates and references.
 *
 * `npm test` runs a fixed seed and a few runs; `npm run fuzz -- --runs N` runs more with a
 * random seed (STRATA_FUZZ_SEED / STRATA_FUZZ_RUNS), and fast-check prints the seed of a failure
 * and its shrunk counterexample.
 */
const RUNS = Number(process.env.STRATA_FUZZ_RUNS ?? 6);
const SEED = Number(process.env.STRATA_FUZZ_SEED ?? 20261201);
const options: fc.Parameters<[unknown]> = { numRuns: RUNS, seed: SEED, endOnFailure: process.env.STRATA_FUZZ_SHRINK === 'no' };
const TIMEOUT = 60_000 + RUNS * 20_000;

describe('round trips of repositories made through the API (property-based, e2e)', () => {
  let source: TestApp;
  let target: TestApp;

  beforeAll(async () => {
    [source, target] = await Promise.all([startApp(), startApp()]);
  }, 120_000);
  afterAll(async () => {
    for (const app of [source, target]) if (app) await stopApp(app);
  });

  /** A fresh repository in `source` made of `planned`, and an empty `target`. */
  const arrange = async (planned: readonly PlannedItem[]) => {
    await Promise.all([emptyRepository(source), emptyRepository(target)]);
    return createThrough(source, planned);
  };
  const fullBackup = async (app: TestApp) => (await app.admin().get('/api/admin/repository/backup').buffer(true).parse(asText).expect(200)).body as string;
  const fullRestore = (app: TestApp, body: string) => app.admin().post('/api/admin/repository/restore').set('Content-Type', 'application/json').send(body);

  /**
   * A property over generated repositories, a test of its own: each run makes one in `source`
   * (and empties `target`), then `check`s it with the ids the items were given.
   */
  const property = (name: string, check: (planned: PlannedItem[], ids: string[]) => Promise<void>) =>
    it(
      name,
      () =>
        fc.assert(
          fc.asyncProperty(repositoryArb, async (spec) => {
            const planned = planRepository(spec);
            await check(planned, await arrange(planned));
          }),
          options,
        ),
      TIMEOUT,
    );

  property('1. full backup (JSON) → full restore into an empty repository → the same repository', async (planned) => {
    const backup = await fullBackup(source);
    const res = await fullRestore(target, backup);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ created: planned.length, replaced: 0, deleted: 0, unchanged: 0 });
    const [before, after] = [await snapshot(source), await snapshot(target)];
    expect(after.map((i) => i.id).sort()).toEqual(before.map((i) => i.id).sort());
    expect(comparable(after)).toEqual(comparable(before));
  });

  property('2. full backup (JSON) → item restore into an empty repository → every item loads, same paths and contents', async (planned) => {
    const res = await restore(target, [{ name: 'repository.json', content: await fullBackup(source) }]);
    expect(res.status).toBe(200);
    expect(failures(res.body.items)).toEqual([]);
    expect(res.body.counts).toEqual({ ok: planned.length, renamed: 0, replaced: 0, skipped: 0, failed: 0 });
    expect(comparable(await snapshot(target))).toEqual(comparable(await snapshot(source)));
  });

  property('3. item backup as legacy XML of everything XML can hold → item restore → every item loads, equivalent', async (planned, ids) => {
    // Discovery specifications have no legacy form (SPEC §4): select what needs none.
    const selected = planned.flatMap((p, i) => (p.folder === null && !needsDiscoverySpec(planned, i) ? [i] : []));
    fc.pre(selected.length > 0);
    const held = closureOf(planned, selected);
    const xml = await backupText(
      source,
      selected.map((i) => ids[i]),
      'xml',
    );
    const res = await restore(target, [{ name: 'items.xml', content: xml }]);
    expect(res.status).toBe(200);
    expect(failures(res.body.items)).toEqual([]);
    const heldIds = new Set([...held].map((i) => ids[i]));
    const expected = comparable((await snapshot(source)).filter((i) => heldIds.has(i.id)));
    expect(comparable(await snapshot(target))).toEqual(expected);
  });

  property("4. full restore of a repository's own backup over itself → nothing changes", async (planned) => {
    const before = await snapshot(source);
    const res = await fullRestore(source, await fullBackup(source));
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ created: 0, replaced: 0, deleted: 0, unchanged: planned.length });
    // Secrets and files stay too: data stores need exactly what they needed.
    expect(await snapshot(source)).toEqual(before);
  });
});

function failures(items: ReportItem[]) {
  return items.filter((i) => i.status === 'failed').map((i) => `${i.type} ${i.sourcePath}: ${i.reason}`);
}

/** Whether a backup of planned item `index` would hold a discovery specification. */
function needsDiscoverySpec(planned: readonly PlannedItem[], index: number): boolean {
  return [...closureOf(planned, [index])].some((i) => planned[i].type === 'discovery-spec');
}
