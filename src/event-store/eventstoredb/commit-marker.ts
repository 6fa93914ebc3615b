/**
 * The wire format of the EventStoreDB adapter (DESIGN invariant 2).
 *
 *  - `<prefix>-batch-<uuid>`    one staging stream per batch: its events, in batch order, as
 *                               `StagedEvent`s (staging-stream revision n = n-th event of the batch).
 *  - `<prefix>-ranges-<uuid>-n` (large batches only) the batch's stream ranges, in chunks.
 *  - `<prefix>-commits`         the commit log: one small `BatchCommitted` marker per batch,
 *                               appended with an expected revision. A batch is visible iff a
 *                               marker names it; its events get positions
 *                               firstPosition…lastPosition in staging order.
 *
 * A stream range `[streamId, first, last, ordinals]` says the batch wrote revisions first…last of
 * the logical stream `streamId`, at these ordinals of the batch (staging-stream revisions): the
 * k-th ordinal holds revision first + k, at position firstPosition + ordinal. Ranges are computed
 * when the marker is appended (they depend on what was committed before), so a reader can number
 * events without any state but the marker, and an index of each stream's positions can be built
 * from markers and ranges alone, without reading a staged event (see commit-index.ts).
 */
import { jsonEvent, EventData } from '@eventstore/db-client';
import { assertEventFits, EventMetadata, NewEvent, toJsonText } from '../event-store';

export const MARKER_TYPE = 'BatchCommitted';
/** Fixed type for staged events, so `$et-…` projections never mistake a staged event for a committed one. */
export const STAGED_TYPE = 'StagedEvent';
export const RANGES_TYPE = 'StreamRanges';

/** Marker ranges above this serialized size go to a ranges stream instead of the marker. */
export const INLINE_RANGES_BYTES = 64 * 1024;
/** Target size of one ranges-stream event. */
const RANGES_EVENT_BYTES = 128 * 1024;
/** Rough per-event overhead of an append (id, type, content type, protobuf framing). */
export const EVENT_OVERHEAD_BYTES = 128;

/** Ordinals of a stream's events in its batch: one number, or runs `[start, length, start, length, …]`. */
export type Ordinals = number | number[];

export type StreamRange = [streamId: string, first: number, last: number, ordinals: Ordinals];

/** Collects one stream's ordinals in a batch as runs (a restore's item has one; a report stream, one run). */
export class OrdinalRuns {
  private readonly runs: number[] = [];
  count = 0;

  add(ordinal: number): void {
    const n = this.runs.length;
    if (n > 0 && this.runs[n - 2] + this.runs[n - 1] === ordinal) this.runs[n - 1]++;
    else this.runs.push(ordinal, 1);
    this.count++;
  }

  encode(): Ordinals {
    return this.runs.length === 2 && this.runs[1] === 1 ? this.runs[0] : this.runs.slice();
  }
}

/** The ordinals, in order. */
export function* eachOrdinal(ordinals: Ordinals): Generator<number> {
  if (typeof ordinals === 'number') {
    yield ordinals;
    return;
  }
  for (let i = 0; i < ordinals.length; i += 2) for (let k = 0; k < ordinals[i + 1]; k++) yield ordinals[i] + k;
}

function ordinalsValid(o: unknown): o is Ordinals {
  if (typeof o === 'number') return Number.isSafeInteger(o) && o >= 0;
  return Array.isArray(o) && o.length % 2 === 0 && o.length > 0 && o.every((n) => Number.isSafeInteger(n) && n >= 0);
}

function ordinalsCount(o: Ordinals): number {
  if (typeof o === 'number') return 1;
  let n = 0;
  for (let i = 1; i < o.length; i += 2) n += o[i];
  return n;
}

function rangeBytes(r: StreamRange): number {
  return Buffer.byteLength(r[0]) + 32 + (typeof r[3] === 'number' ? 0 : r[3].length * 8);
}

export interface CommitMarker {
  /** Staging stream holding the batch's events. */
  batch: string;
  count: number;
  /** Decimal strings (positions are strings on the wire). */
  firstPosition: string;
  lastPosition: string;
  /** Stream ranges, inline when small … */
  streams?: StreamRange[];
  /** … or the name of the stream holding them (events of type StreamRanges, `{ ranges }`). */
  rangesStream?: string;
}

interface StagedData {
  streamId: string;
  type: string;
  data: unknown;
}

export class CorruptLogError extends Error {
  constructor(message: string) {
    super(`eventstoredb commit log: ${message}`);
    this.name = 'CorruptLogError';
  }
}

export function markerEvent(marker: CommitMarker): EventData {
  return jsonEvent({ type: MARKER_TYPE, data: { ...marker } });
}

/**
 * Validates a commit-log event and returns its marker: anything else (a foreign event, a marker
 * naming a batch outside `streamPrefix`) throws CorruptLogError, which the index treats as a
 * hole in the commit log, never as a reason to stop.
 */
export function parseMarker(type: string, data: unknown, streamPrefix?: string): CommitMarker {
  if (type !== MARKER_TYPE) throw new CorruptLogError(`unexpected event type ${type} in the commit log`);
  const m = data as Partial<CommitMarker> | null;
  if (
    !m ||
    typeof m.batch !== 'string' ||
    (streamPrefix !== undefined && !m.batch.startsWith(`${streamPrefix}-batch-`)) ||
    !Number.isSafeInteger(m.count) ||
    (m.count as number) < 1 ||
    typeof m.firstPosition !== 'string' ||
    typeof m.lastPosition !== 'string' ||
    !/^[1-9][0-9]{0,15}$/.test(m.firstPosition) ||
    !/^[1-9][0-9]{0,15}$/.test(m.lastPosition) ||
    (m.streams === undefined ? typeof m.rangesStream !== 'string' : !Array.isArray(m.streams)) ||
    BigInt(m.lastPosition) - BigInt(m.firstPosition) + 1n !== BigInt(m.count as number)
  ) {
    throw new CorruptLogError(`malformed commit marker ${JSON.stringify(data)?.slice(0, 300)}`);
  }
  if (m.streams) checkRanges(m.streams);
  return m as CommitMarker;
}

function checkRanges(ranges: unknown[]): void {
  for (const r of ranges) {
    const ok =
      Array.isArray(r) &&
      r.length === 4 &&
      typeof r[0] === 'string' &&
      Number.isSafeInteger(r[1]) &&
      Number.isSafeInteger(r[2]) &&
      r[1] >= 0 &&
      r[2] >= r[1] &&
      ordinalsValid(r[3]) &&
      ordinalsCount(r[3]) === r[2] - r[1] + 1;
    if (!ok) throw new CorruptLogError(`malformed stream range ${JSON.stringify(r)?.slice(0, 200)}`);
  }
}

/**
 * A staged event and its size as the server counts it against MaxAppendSize (data + metadata +
 * type). Events beyond MAX_EVENT_BYTES are refused here, as every store refuses them.
 */
export function stagedEvent(event: NewEvent): { event: EventData; bytes: number } {
  const dataJson = toJsonText(event.data);
  const metadataJson = JSON.stringify(event.metadata);
  assertEventFits(event.streamId, event.type, dataJson, metadataJson);
  const data: StagedData = { streamId: event.streamId, type: event.type, data: event.data };
  const metadata = event.metadata as unknown as Record<string, unknown>;
  const envelope = Buffer.byteLength(event.streamId) + Buffer.byteLength(event.type) + STAGED_TYPE.length + 40;
  const bytes = envelope + Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson) + EVENT_OVERHEAD_BYTES;
  return { event: jsonEvent({ type: STAGED_TYPE, data: { ...data }, metadata }), bytes };
}

export function parseStaged(type: string, data: unknown, metadata: unknown): NewEvent {
  const d = data as Partial<StagedData> | null;
  if (type !== STAGED_TYPE || !d || typeof d.streamId !== 'string' || typeof d.type !== 'string') {
    throw new CorruptLogError(`malformed staged event of type ${type}`);
  }
  return { streamId: d.streamId, type: d.type, data: d.data, metadata: metadata as EventMetadata };
}

/** Ranges of a batch given each stream's last committed revision (-1: no stream). */
export function rangesFor(ordinals: ReadonlyMap<string, OrdinalRuns>, lastRevision: (streamId: string) => number): StreamRange[] {
  const ranges: StreamRange[] = [];
  for (const [streamId, runs] of ordinals) {
    const first = lastRevision(streamId) + 1;
    ranges.push([streamId, first, first + runs.count - 1, runs.encode()]);
  }
  return ranges;
}

export function sameRanges(a: readonly StreamRange[], b: readonly StreamRange[]): boolean {
  if (a.length !== b.length) return false;
  // Ordinals are fixed by staging: same streams and revisions, same ranges.
  for (let i = 0; i < a.length; i++) {
    if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1] || a[i][2] !== b[i][2]) return false;
  }
  return true;
}

export function inlineRangesFit(ranges: readonly StreamRange[]): boolean {
  let bytes = 0;
  for (const r of ranges) {
    bytes += rangeBytes(r);
    if (bytes > INLINE_RANGES_BYTES) return false;
  }
  return true;
}

/** Splits ranges into ranges-stream events of about RANGES_EVENT_BYTES each. */
export function* rangesEvents(ranges: readonly StreamRange[]): Generator<{ event: EventData; bytes: number }> {
  let chunk: StreamRange[] = [];
  let bytes = 0;
  for (const r of ranges) {
    chunk.push(r);
    bytes += rangeBytes(r);
    if (bytes >= RANGES_EVENT_BYTES) {
      yield { event: jsonEvent({ type: RANGES_TYPE, data: { ranges: chunk } }), bytes: bytes + EVENT_OVERHEAD_BYTES };
      chunk = [];
      bytes = 0;
    }
  }
  if (chunk.length > 0) {
    yield { event: jsonEvent({ type: RANGES_TYPE, data: { ranges: chunk } }), bytes: bytes + EVENT_OVERHEAD_BYTES };
  }
}

export function parseRanges(type: string, data: unknown): StreamRange[] {
  const d = data as { ranges?: unknown } | null;
  if (type !== RANGES_TYPE || !d || !Array.isArray(d.ranges)) throw new CorruptLogError(`malformed ranges event of type ${type}`);
  checkRanges(d.ranges);
  return d.ranges as StreamRange[];
}
