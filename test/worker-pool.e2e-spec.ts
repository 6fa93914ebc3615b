import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BackupItem } from '../src/backup/backup-item';
import { strataJsonChunks } from '../src/backup/writers/json-backup.writer';
import { BackupParserPool, ParsedChunk, ParseSummary } from '../src/restore/parsing/backup-parser';
import { readArcgisRules } from '../workers/parsing/arcgis-rules.reader';
import { readArcgisXml } from '../workers/parsing/arcgis-xml.reader';
import { readLegacyXml } from '../workers/parsing/legacy-xml.reader';
import { InvalidBackupError, ParsedItem } from '../workers/parsing/parsed-item';
import { ruleBody } from './support/rule-bodies';

// The real Piscina pool on the compiled worker. Jest runs the TypeScript sources, so the worker is
// built first when dist/workers/parse-backup.worker.js is missing or older than a source file, with
// tsconfig.workers.json (the workers and what they import only: the rest may be mid-edit).
const ROOT = path.resolve(__dirname, '..');
const WORKER = path.join(ROOT, 'dist/workers/parse-backup.worker.js');
const FIXTURES = path.join(ROOT, 'test/fixtures/1integrate');
const CHUNK = 500;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildWorkerIfNeeded(): void {
  const sources = Math.max(newestSource(path.join(ROOT, 'workers')), newestSource(path.join(ROOT, 'src')));
  if (existsSync(WORKER) && statSync(WORKER).mtimeMs >= sources) return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.workers.json'], { cwd: ROOT, stdio: 'inherit' });
}

function item(n: number): BackupItem {
  return {
    id: `id-${n}`,
    type: 'rule',
    name: `Rule ${n}`,
    folderPath: '/Standard',
    description: 'd'.repeat(100),
    comments: '',
    createdBy: 'alice',
    createdAt: '2026-01-01T00:00:00.000Z',
    lastEditedBy: 'alice',
    lastEditedAt: '2026-01-01T00:00:00.000Z',
    content: { rootTerm: { kind: 'Check', predicates: [{ kind: 'Eq', attributes: { a: String(n) } }] } },
  };
}

async function writeStrataJson(file: string, count: number): Promise<void> {
  async function* items() {
    for (let n = 0; n < count; n++) yield item(n);
  }
  let text = '';
  for await (const chunk of strataJsonChunks({ scope: 'items', createdAt: 'now', createdBy: 'alice', position: '7' }, items())) text += chunk;
  writeFileSync(file, text);
}

async function parseAll(pool: BackupParserPool, file: string): Promise<{ chunks: ParsedChunk[]; summary: ParseSummary }> {
  const parse = pool.parse(file, { chunkSize: CHUNK });
  const chunks: ParsedChunk[] = [];
  for (let next = await parse.next(); ; next = await parse.next()) {
    if (next.done) return { chunks, summary: next.value };
    chunks.push(next.value);
  }
}

const itemsOf = (chunks: ParsedChunk[]): ParsedItem[] => chunks.flatMap((chunk) => (chunk.kind === 'items' ? chunk.items : []));

async function rejection(promise: Promise<unknown>): Promise<InvalidBackupError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof InvalidBackupError)) throw new Error(`expected an InvalidBackupError, got ${String(error)}`);
  return error;
}

describe('BackupParserPool on the compiled worker', () => {
  let pool: BackupParserPool;
  let dir: string;

  beforeAll(() => {
    buildWorkerIfNeeded();
    pool = new BackupParserPool({ workerFile: WORKER });
    dir = mkdtempSync(path.join(tmpdir(), 'strata-pool-'));
  }, 120_000);

  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams a 20,000-item Strata JSON backup in bounded chunks, header first', async () => {
    const file = path.join(dir, 'big.json');
    await writeStrataJson(file, 20_000);
    const { chunks, summary } = await parseAll(pool, file);
    expect(chunks[0]).toEqual({ kind: 'header', header: { format: 'strata-json', scope: 'items', createdAt: 'now', createdBy: 'alice', position: '7' } });
    const itemChunks = chunks.slice(1);
    expect(itemChunks.every((chunk) => chunk.kind === 'items' && chunk.items.length <= CHUNK)).toBe(true);
    expect(itemChunks).toHaveLength(20_000 / CHUNK);
    const items = itemsOf(chunks);
    expect(items.map((parsed) => parsed.index)).toEqual(items.map((_, n) => n));
    expect(items[19_999]).toMatchObject({ sourceId: 'id-19999', name: 'Rule 19999', problems: [] });
    expect(summary).toEqual({ format: 'strata-json', itemCount: 20_000, bytes: statSync(file).size });
  }, 60_000);

  it('prepares items for a repository restore: checked, references listed, content serialised and stripped', async () => {
    const file = path.join(dir, 'prepare.json');
    const store: BackupItem = {
      ...item(0),
      id: 'store-1',
      type: 'datastore',
      name: 'Vault',
      folderPath: '/',
      content: { importCredentials: [{ name: 'pw', datatype: 'password', value: 'hunter2' }] },
    };
    const session: BackupItem = {
      ...item(1),
      id: 'session-1',
      type: 'session',
      name: 'Nightly',
      content: { tasks: [{ kind: 'open-data', datastore: 'store-1' }] },
    };
    const invalid: BackupItem = { ...item(2), name: 'bad/name' };
    const rule: BackupItem = { ...item(3), content: ruleBody() };
    let text = '';
    const items = (async function* () {
      yield* [store, session, invalid, rule];
    })();
    for await (const chunk of strataJsonChunks({ scope: 'repository', createdAt: 'now', createdBy: 'alice', position: '1' }, items)) text += chunk;
    writeFileSync(file, text);

    const chunks: ParsedChunk[] = [];
    for await (const chunk of pool.parse(file, { prepare: 'repository' })) chunks.push(chunk);
    const prepared = chunks.flatMap((chunk) => (chunk.kind === 'prepared' ? chunk.items : []));
    expect(chunks.some((chunk) => chunk.kind === 'items')).toBe(false);
    expect(prepared.map((p) => [p.sourceId, p.problem === null, p.references.map((r) => r.targetId), p.complete])).toEqual([
      ['store-1', true, [], true],
      ['session-1', true, ['store-1'], true],
      ['id-2', false, [], false],
      ['id-3', true, [], true],
    ]);
    expect(JSON.parse(prepared[0].contentJson)).toEqual({ importCredentials: [{ name: 'pw', datatype: 'password', value: null }] });
    expect(JSON.parse(prepared[3].contentJson)).toEqual(rule.content);
    expect(prepared[2].problem).toMatch(/name/);
    expect(prepared[0]).not.toHaveProperty('content');
  }, 60_000);

  it('prepares with two readers what one prepares, in the same order, whatever the layout', async () => {
    const prepareAll = async (file: string, readers: number) => {
      const chunks: ParsedChunk[] = [];
      const parse = pool.parse(file, { prepare: 'repository', chunkSize: 97, readers });
      for (let next = await parse.next(); ; next = await parse.next()) {
        if (next.done) return { chunks, summary: next.value };
        chunks.push(next.value);
      }
    };
    const prepared = (chunks: ParsedChunk[]) => chunks.flatMap((chunk) => (chunk.kind === 'prepared' ? chunk.items : []));
    const ours = path.join(dir, 'shared.json');
    await writeStrataJson(ours, 5_000);
    const lines = readFileSync(ours, 'utf8').split('\n');
    const handover = path.join(dir, 'handover.json'); // the layout ends at item 3,000
    writeFileSync(handover, [...lines.slice(0, 3_001), JSON.stringify(JSON.parse(lines[3_001].slice(0, -1)), null, 2) + ',', ...lines.slice(3_002)].join('\n'));
    const pretty = path.join(dir, 'pretty.json');
    writeFileSync(pretty, JSON.stringify(JSON.parse(readFileSync(ours, 'utf8')), null, 2));
    const legacy = path.join(FIXTURES, 'legacy-xml/HPMS--Rule-HPMS.xml'); // not shared: read by one worker
    for (const file of [ours, handover, pretty, legacy]) {
      const one = await prepareAll(file, 1);
      const two = await prepareAll(file, 2);
      expect(prepared(two.chunks)).toEqual(prepared(one.chunks));
      const count = file === legacy ? prepared(one.chunks).length : 5_000;
      expect(count).toBeGreaterThan(189);
      expect(prepared(two.chunks).map((p) => p.index)).toEqual(Array.from({ length: count }, (_, n) => n));
      expect(two.chunks.filter((chunk) => chunk.kind === 'header')).toEqual(one.chunks.filter((chunk) => chunk.kind === 'header'));
      expect(two.chunks[0].kind).toBe('header');
      expect(two.summary).toEqual(one.summary);
    }
    const truncated = path.join(dir, 'truncated.json');
    writeFileSync(truncated, readFileSync(ours, 'utf8').slice(0, -50_000));
    const [error1, error2] = await Promise.all([rejection(prepareAll(truncated, 1)), rejection(prepareAll(truncated, 2))]);
    expect(error2.message).toBe(error1.message);
  }, 60_000);

  /**
   * Parses a fixture in the pool and with the in-process reader `read`: a header naming `format`
   * first, the same items, and a summary of `itemCount` (else as many as were read) and the file's
   * size. The items read in-process.
   */
  async function expectParsedLikeInProcess(
    fixture: string,
    read: (input: ReturnType<typeof createReadStream>) => AsyncIterable<ParsedItem>,
    format: string,
    itemCount?: number,
  ) {
    const file = path.join(FIXTURES, fixture);
    const { chunks, summary } = await parseAll(pool, file);
    const inProcess: ParsedItem[] = [];
    for await (const parsed of read(createReadStream(file))) inProcess.push(parsed);
    expect(chunks[0]).toEqual({ kind: 'header', header: { format } });
    expect(itemsOf(chunks)).toEqual(inProcess);
    expect(summary).toEqual({ format, itemCount: itemCount ?? inProcess.length, bytes: statSync(file).size });
    return inProcess;
  }

  it('parses a legacy 1Integrate XML backup like the in-process reader does', async () => {
    const inProcess = await expectParsedLikeInProcess('legacy-xml/HPMS--Rule-HPMS.xml', readLegacyXml, '1integrate-xml');
    expect(inProcess.length).toBeGreaterThan(189);
  }, 60_000);

  it('puts the header first when the file has it after the items', async () => {
    const file = path.join(dir, 'late-header.json');
    writeFileSync(file, JSON.stringify({ items: [item(1), item(2)], version: 1, format: 'strata-backup' }, null, 2));
    const { chunks } = await parseAll(pool, file);
    expect(chunks.map((chunk) => chunk.kind)).toEqual(['header', 'items']);
    expect(itemsOf(chunks).map((parsed) => parsed.sourceId)).toEqual(['id-1', 'id-2']);
  });

  it.each([
    ['not a backup', 'hello', 'UNSUPPORTED_FORMAT', /neither JSON nor XML/],
    ['another JSON document', '{"format":"other","items":[]}', 'UNSUPPORTED_FORMAT', /"format" is "other"/],
    ['truncated JSON', '{"format":"strata-backup","version":1,"items":[\n{"id":"a"', 'INVALID_BACKUP', /ends unexpectedly at line 2, column 10/],
    ['XML with a DTD', '<?xml version="1.0"?><!DOCTYPE Backup><Backup/>', 'INVALID_BACKUP', /DOCTYPE/],
  ])('fails %s with an InvalidBackupError (422)', async (name, text, code, message) => {
    const file = path.join(dir, `${name.replace(/\W/g, '-')}.bin`);
    writeFileSync(file, text);
    const error = await rejection(parseAll(pool, file));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it.each([
    ['a 1Integrate for ArcGIS export', 'arcgis/sample-road-checks.xml', readArcgisXml, 'arcgis-xml', 9],
    ['a 1Integrate for ArcGIS .rules export', 'arcgis-rules/Essential-Geometry-Checks.rules', readArcgisRules, 'arcgis-rules', 18],
  ])('parses %s like the in-process reader does', async (_, fixture, read, format, itemCount) => {
    await expectParsedLikeInProcess(fixture, read, format, itemCount);
  });

  it('fails a truncated .rules export with an InvalidBackupError (422)', async () => {
    const file = path.join(dir, 'truncated.rules');
    const whole = readFileSync(path.join(FIXTURES, 'arcgis-rules/Essential-Geometry-Fixups.rules'));
    writeFileSync(file, whole.subarray(0, whole.length - 100));
    const error = await rejection(parseAll(pool, file));
    expect(error.code).toBe('INVALID_BACKUP');
    expect(error.message).toMatch(/the \.rules file ends early \(truncated\?\): the chunk at byte \d+ \(record 11\) declares \d+ bytes/);
  });

  it('stops the worker when the consumer stops early, and parses the next file', async () => {
    const file = path.join(dir, 'early.json');
    await writeStrataJson(file, 5_000);
    let seen = 0;
    for await (const chunk of pool.parse(file, { chunkSize: 100 })) {
      if (chunk.kind === 'items' && ++seen === 2) break;
    }
    expect(seen).toBe(2);
    expect((await parseAll(pool, file)).summary.itemCount).toBe(5_000);
  }, 60_000);
});
