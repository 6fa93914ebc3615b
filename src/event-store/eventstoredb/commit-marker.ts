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
 * A stream range `[streamId, first, last]` says the batch wrote revisions first…last of the logical
 * stream `streamId`; the k-th event of that stream inside the batch has revision first + k. Ranges
 * are computed when the marker is appended (they depend on what was committed before), so a
 * reader can number events without any state but the marker.
 */
import { jsonEvent, EventData } from '@eventstore/db-client';
import { EventMetadata, NewEvent } from '../event-store';

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

export type StreamRange = [streamId: string, first: number, last: number];

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

/** Validates a commit-log event and returns its marker. */
export function parseMarker(type: string, data: unknown): CommitMarker {
  if (type !== MARKER_TYPE) throw new CorruptLogError(`unexpected event type ${type} in the commit log`);
  const m = data as Partial<CommitMarker> | null;
  if (
    !m ||
    typeof m.batch !== 'string' ||
    typeof m.count !== 'number' ||
    typeof m.firstPosition !== 'string' ||
    typeof m.lastPosition !== 'string' ||
    (m.streams === undefined && typeof m.rangesStream !== 'string') ||
    BigInt(m.lastPosition) - BigInt(m.firstPosition) + 1n !== BigInt(m.count)
  ) {
    throw new CorruptLogError(`malformed commit marker ${JSON.stringify(data)}`);
  }
  return m as CommitMarker;
}

/** A staged event and its measured size (what counts against EventStoreDB's append limit). */
export function stagedEvent(event: NewEvent): { event: EventData; bytes: number } {
  const data: StagedData = { streamId: event.streamId, type: event.type, data: event.data };
  const metadata = event.metadata as unknown as Record<string, unknown>;
  const bytes =
    Buffer.byteLength(JSON.stringify(data)) + Buffer.byteLength(JSON.stringify(metadata)) + EVENT_OVERHEAD_BYTES;
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
export function rangesFor(counts: ReadonlyMap<string, number>, lastRevision: (streamId: string) => number): StreamRange[] {
  const ranges: StreamRange[] = [];
  for (const [streamId, n] of counts) {
    const first = lastRevision(streamId) + 1;
    ranges.push([streamId, first, first + n - 1]);
  }
  return ranges;
}

export function sameRanges(a: readonly StreamRange[], b: readonly StreamRange[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1] || a[i][2] !== b[i][2]) return false;
  }
  return true;
}

export function inlineRangesFit(ranges: readonly StreamRange[]): boolean {
  let bytes = 0;
  for (const r of ranges) {
    bytes += Buffer.byteLength(r[0]) + 32;
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
    bytes += Buffer.byteLength(r[0]) + 32;
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
  return d.ranges as StreamRange[];
}
