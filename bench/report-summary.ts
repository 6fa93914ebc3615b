import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

// stream-json publishes its filters and streamers through package.json "exports", which
// `moduleResolution: node` does not read: require the public paths, take the types from src/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pick = require('stream-json/filters/pick.js') as typeof import('stream-json/src/filters/pick');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const streamValues = require('stream-json/streamers/stream-values.js') as typeof import('stream-json/src/streamers/stream-values');

/** What the bench checks in a restore report (SPEC §5), gathered without holding the report. */
export interface RestoreReportSummary {
  /** The report's `counts`, as the service sent them (null when it sent none). */
  counts: Record<string, number> | null;
  /** Entries of `items`. */
  listed: number;
  /** Entries with at least one warning. */
  warned: number;
  /** `failed` entries by reason. */
  failures: Map<string, number>;
}

interface ReportEntry {
  status: string;
  reason?: string;
  warnings?: unknown[];
}

/**
 * Reads a restore report as it streams in, one entry at a time. A million-item report is about
 * 250 MB of JSON: parsed whole it blocks the bench for over 5 s, past the service's keep-alive
 * timeout, and the bench's next request then goes out on a connection the service has closed.
 */
export async function summarizeRestoreReport(body: Readable): Promise<RestoreReportSummary> {
  const summary: RestoreReportSummary = { counts: null, listed: 0, warned: 0, failures: new Map() };
  const sink = new Writable({
    objectMode: true,
    write({ value }: { value: unknown }, _encoding, done) {
      if (isEntry(value)) count(summary, value);
      else summary.counts = value as Record<string, number>;
      done();
    },
  });
  await pipeline(body, pick.withParserAsStream({ filter: /^(counts|items\.\d+)$/ }), streamValues.asStream(), sink);
  return summary;
}

/** `counts` maps statuses to numbers; an entry of `items` has a string `status`. */
function isEntry(value: unknown): value is ReportEntry {
  return typeof value === 'object' && value !== null && typeof (value as ReportEntry).status === 'string';
}

function count(summary: RestoreReportSummary, entry: ReportEntry): void {
  summary.listed++;
  if ((entry.warnings?.length ?? 0) > 0) summary.warned++;
  if (entry.status === 'failed') summary.failures.set(entry.reason ?? '?', (summary.failures.get(entry.reason ?? '?') ?? 0) + 1);
}

/** The most frequent failure reasons, most frequent first. */
export function topReasons(summary: RestoreReportSummary, limit = 5): string[] {
  return [...summary.failures]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([reason, n]) => `${n} × failed: ${reason}`);
}
