import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { postFileForStream, postJsonToSink, readJson, requestJson } from './http-client';
import { watchMemory } from './memory-monitor';
import { PhaseResult, brief, elapsed } from './phase-result';
import { summarizeRestoreReport, topReasons, type RestoreReportSummary } from './report-summary';
import { BENCH_ADMIN_TOKEN, RunningService } from './service';

export type { PhaseResult } from './phase-result';

/**
 * Item restore (SPEC §5) of the whole generated file into an empty repository: every item `ok`.
 * Timed until the service has sent the whole report, which goes to a file as `curl -o` would put
 * it; the report is read and checked after: parsing it as it arrives held the service's answer
 * back to the bench's parsing speed (stream-json, slower than the service writes) and took a core
 * from the service meanwhile.
 */
export async function restorePhase(service: RunningService, file: string, expected: number, bytes: number): Promise<PhaseResult> {
  const reportFile = `${file}.report.json`;
  const started = process.hrtime.bigint();
  const { result: sent, memory } = await watchMemory(service.pid, async () => {
    const res = await postFileForStream(`${service.baseUrl}/api/restores`, BENCH_ADMIN_TOKEN, 'files', file);
    const status = res.statusCode ?? 0;
    if (status !== 200) return { status, body: await readJson(res) };
    await pipeline(res, fs.createWriteStream(reportFile));
    return { status, body: null };
  });
  const ms = elapsed(started);
  const result: PhaseResult = { phase: 'item restore', status: 'ok', ms, items: expected, bytes, memory, notes: [] };
  if (sent.status === 404 || sent.status === 501) return { ...result, status: 'not available', notes: [`POST /api/restores answered ${sent.status}`] };
  if (sent.status !== 200) return { ...result, status: 'failed', notes: [`POST /api/restores answered ${sent.status}: ${brief(sent.body)}`] };
  const report = await summarizeReportFile(reportFile);
  const counts = report.counts ?? {};
  result.detail = Object.entries(counts)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  const notOk = Object.entries(counts).filter(([status, n]) => status !== 'ok' && n > 0);
  if (counts.ok !== expected || notOk.length > 0) {
    result.status = 'failed';
    result.notes.push(`counts ${JSON.stringify(counts)}, expected ${expected} ok`);
    result.notes.push(...topReasons(report));
  }
  if (report.listed !== expected) result.notes.push(`the report lists ${report.listed} items, expected ${expected}`);
  if (report.warned > 0) result.notes.push(`${report.warned} items with warnings (data stores needing files are expected)`);
  return result;
}

/** The report the service sent, read back from its file, which is then deleted. */
async function summarizeReportFile(reportFile: string): Promise<RestoreReportSummary> {
  try {
    return await summarizeRestoreReport(fs.createReadStream(reportFile, { highWaterMark: 1 << 20 }));
  } finally {
    fs.rmSync(reportFile, { force: true });
  }
}

/** Item backup (SPEC §4) of every top-level folder, i.e. of the whole repository. */
export async function backupPhase(service: RunningService, expected: number): Promise<PhaseResult> {
  const ids = await topLevelFolderIds(service);
  const started = process.hrtime.bigint();
  const { result: res, memory } = await watchMemory(service.pid, () => postJsonToSink(`${service.baseUrl}/api/backups`, BENCH_ADMIN_TOKEN, { ids }));
  const ms = elapsed(started);
  const result: PhaseResult = { phase: 'item backup', status: 'ok', ms, items: Math.max(0, res.lines - 2), bytes: res.bytes, memory, notes: [] };
  if (res.status === 404 || res.status === 501) return { ...result, status: 'not available', notes: [`POST /api/backups answered ${res.status}`] };
  if (res.status !== 200) return { ...result, status: 'failed', notes: [`POST /api/backups answered ${res.status}: ${res.head.slice(0, 300)}`] };
  result.detail = `${result.items.toLocaleString('en-US')} item lines`;
  if (result.items !== expected) {
    result.status = 'failed';
    result.notes.push(`the backup holds ${result.items} item lines, expected ${expected}`);
  }
  return result;
}

async function topLevelFolderIds(service: RunningService): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query = `folderId=root&type=folder&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await requestJson(`${service.baseUrl}/api/items?${query}`, BENCH_ADMIN_TOKEN);
    if (res.status !== 200) throw new Error(`GET /api/items answered ${res.status}: ${brief(res.body)}`);
    const page = res.body as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
