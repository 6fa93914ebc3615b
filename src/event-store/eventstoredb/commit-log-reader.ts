import { RecordedEvent } from '../event-store';
import { CommitIndex } from './commit-index';
import { CommitMarker, CorruptLogError, eachOrdinal, parseMarker, parseRanges, parseStaged, StreamRange } from './commit-marker';
import { readEach, readPage, StoredEvent } from './esdb-io';
import type { ResilientClient } from './resilient-client';

/** Markers per read: small events, but a page is held in full. */
const MARKER_PAGE = 200;
/** Markers whose batch name readStream remembers (a command re-reads its item's last batches). */
const MARKER_CACHE = 1000;

/**
 * Reads committed batches: markers from the commit log, expanded into their staged events.
 * Staged events are only ever reached through a marker, so a batch without one is never seen.
 */
export class CommitLogReader {
  private readonly batchOf = new Map<number, string>();

  constructor(
    private readonly client: ResilientClient,
    private readonly commitsStream: string,
    private readonly prefix: string,
  ) {}

  /**
   * Commit-log events from revision `from` to the end: each a marker, or an error saying why it
   * is not one (the index then records a hole).
   */
  async *markers(from: number): AsyncGenerator<{ revision: number; marker?: CommitMarker; invalid?: CorruptLogError }> {
    let next = from;
    for (;;) {
      const page = await readPage(this.client, this.commitsStream, BigInt(next), MARKER_PAGE);
      for (const stored of page) yield { revision: Number(stored.revision), ...this.parse(stored) };
      if (page.length < MARKER_PAGE) return;
      next += page.length;
    }
  }

  /** A marker's stream ranges: inline, or read from its ranges stream (O(streams in the batch)). */
  async ranges(marker: CommitMarker): Promise<StreamRange[]> {
    if (marker.streams) return marker.streams;
    const ranges: StreamRange[] = [];
    for await (const stored of readEach(this.client, marker.rangesStream as string, 20)) {
      for (const r of parseRanges(stored.type, stored.data)) ranges.push(r);
    }
    return ranges;
  }

  /** Events after `after` up to `until`, starting with the marker at commit-log revision `from`. */
  async *readAll(index: CommitIndex, from: number, after: bigint, until: bigint | undefined, pageSize: number): AsyncGenerator<RecordedEvent> {
    for await (const { revision, marker } of this.markers(from)) {
      if (revision > index.revision) return; // not applied to the index yet: not part of this read
      if (!marker || index.isHole(revision)) continue;
      if (until !== undefined && BigInt(marker.firstPosition) > until) return;
      if (BigInt(marker.lastPosition) <= after) continue;
      yield* this.expand(marker, await this.ranges(marker), after, until, pageSize);
    }
  }

  /**
   * One logical stream from revision `from`, reading only its own events: the index gives their
   * positions, each position its marker (one small read, cached) and ordinal, and each run of
   * consecutive ordinals is one read of the staging stream. A command on an item after a
   * 100,000-item restore reads the item's few events, not the restore.
   */
  async *readStream(index: CommitIndex, streamId: string, from = 0): AsyncGenerator<RecordedEvent> {
    const positions = index.positionsOf(streamId, from);
    let i = 0;
    while (i < positions.length) {
      const revision = index.firstMarkerAfter(BigInt(positions[i] - 1));
      const first = index.firstPositionOf(revision);
      const batch = await this.batchAt(revision);
      // The run: consecutive positions in the same batch.
      let j = i + 1;
      while (j < positions.length && positions[j] === positions[j - 1] + 1 && index.firstMarkerAfter(BigInt(positions[j] - 1)) === revision) j++;
      const page = await readPage(this.client, batch, BigInt(positions[i] - first), j - i);
      if (page.length !== j - i) throw new CorruptLogError(`batch ${batch}: ${page.length} of ${j - i} events of ${streamId}`);
      for (const [k, stored] of page.entries()) {
        const event = parseStaged(stored.type, stored.data, stored.metadata);
        if (event.streamId !== streamId) throw new CorruptLogError(`batch ${batch}: ordinal ${stored.revision} is not of ${streamId}`);
        yield { ...event, position: BigInt(positions[i + k]), streamRevision: BigInt(from + i + k) };
      }
      i = j;
    }
  }

  /** The batch stream named by the marker at commit-log revision `revision`. */
  private async batchAt(revision: number): Promise<string> {
    const known = this.batchOf.get(revision);
    if (known) return known;
    const [stored] = await readPage(this.client, this.commitsStream, BigInt(revision), 1);
    const { marker } = stored ? this.parse(stored) : {};
    if (!marker) throw new CorruptLogError(`no marker at commit-log revision ${revision}`);
    if (this.batchOf.size >= MARKER_CACHE) this.batchOf.delete(this.batchOf.keys().next().value as number);
    this.batchOf.set(revision, marker.batch);
    return marker.batch;
  }

  private parse(stored: StoredEvent): { marker?: CommitMarker; invalid?: CorruptLogError } {
    try {
      return { marker: parseMarker(stored.type, stored.data, this.prefix) };
    } catch (error) {
      if (error instanceof CorruptLogError) return { invalid: error };
      throw error;
    }
  }

  /**
   * The events of one committed batch, numbered: positions follow staging order, and the k-th
   * event of a stream in the batch has revision range.first + k. Reading starts at `after`'s
   * ordinal: the ranges' ordinals say how many events of each stream come before it.
   */
  private async *expand(
    marker: CommitMarker,
    ranges: readonly StreamRange[],
    after: bigint,
    until: bigint | undefined,
    pageSize: number,
  ): AsyncGenerator<RecordedEvent> {
    const firstPosition = BigInt(marker.firstPosition);
    let ordinal = after >= firstPosition ? Number(after - firstPosition) + 1 : 0;
    const next = new Map<string, number>();
    for (const [streamId, first, , ordinals] of ranges) {
      let before = 0;
      for (const o of eachOrdinal(ordinals)) {
        if (o >= ordinal) break;
        before++;
      }
      next.set(streamId, first + before);
    }
    while (ordinal < marker.count) {
      const page = await readPage(this.client, marker.batch, BigInt(ordinal), Math.min(pageSize, marker.count - ordinal));
      if (page.length === 0) throw new CorruptLogError(`batch ${marker.batch} holds ${ordinal} of its ${marker.count} events`);
      for (const stored of page) {
        const event = parseStaged(stored.type, stored.data, stored.metadata);
        const revision = next.get(event.streamId);
        if (revision === undefined) throw new CorruptLogError(`batch ${marker.batch}: stream ${event.streamId} has no range`);
        next.set(event.streamId, revision + 1);
        const position = firstPosition + BigInt(ordinal++);
        if (position <= after) continue;
        if (until !== undefined && position > until) return;
        yield { ...event, position, streamRevision: BigInt(revision) };
      }
    }
  }
}
