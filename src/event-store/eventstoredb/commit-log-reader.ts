import { EventStoreDBClient } from '@eventstore/db-client';
import { RecordedEvent } from '../event-store';
import { CommitMarker, CorruptLogError, parseMarker, parseRanges, parseStaged, StreamRange } from './commit-marker';
import { readEach, readPage } from './esdb-io';

const MARKER_PAGE = 500;

/**
 * Reads committed batches: markers from the commit log, expanded into their staged events.
 * Staged events are only ever reached through a marker, so a batch without one is never seen.
 */
export class CommitLogReader {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly commitsStream: string,
  ) {}

  /** Markers from commit-log revision `from` to the end, with their revisions. */
  async *markers(from: number): AsyncGenerator<{ revision: number; marker: CommitMarker }> {
    let next = from;
    for (;;) {
      const page = await readPage(this.client, this.commitsStream, BigInt(next), MARKER_PAGE);
      for (const stored of page) {
        yield { revision: Number(stored.revision), marker: parseMarker(stored.type, stored.data) };
      }
      if (page.length < MARKER_PAGE) return;
      next += page.length;
    }
  }

  /** A marker's stream ranges: inline, or read from its ranges stream (O(streams in the batch)). */
  async ranges(marker: CommitMarker): Promise<StreamRange[]> {
    if (marker.streams) return marker.streams;
    const ranges: StreamRange[] = [];
    for await (const stored of readEach(this.client, marker.rangesStream as string, 100)) {
      for (const r of parseRanges(stored.type, stored.data)) ranges.push(r);
    }
    return ranges;
  }

  /** Events after `after` up to `until`, starting with the marker at commit-log revision `from`. */
  async *readAll(from: number, after: bigint, until: bigint | undefined, pageSize: number): AsyncGenerator<RecordedEvent> {
    for await (const { marker } of this.markers(from)) {
      if (until !== undefined && BigInt(marker.firstPosition) > until) return;
      if (BigInt(marker.lastPosition) <= after) continue;
      yield* this.expand(marker, await this.ranges(marker), after, until, pageSize);
    }
  }

  /**
   * One logical stream up to revision `last`. Cost: there is no per-stream index in EventStoreDB
   * here, so this scans the whole commit log and reads every batch that touched the stream (the
   * others are skipped by their ranges). Fine for an item's history; a hot path would want a
   * per-stream index stream.
   */
  async *readStream(streamId: string, last: number): AsyncGenerator<RecordedEvent> {
    if (last < 0) return;
    for await (const { marker } of this.markers(0)) {
      const ranges = await this.ranges(marker);
      const range = ranges.find((r) => r[0] === streamId);
      if (!range) continue;
      yield* this.expand(marker, ranges, 0n, undefined, 1000, streamId);
      if (range[2] >= last) return;
    }
  }

  /**
   * The events of one committed batch, numbered: positions follow staging order, and the k-th
   * event of a stream in the batch has revision range.first + k. Events at or before `after` are
   * read too (they count towards revisions) but not yielded.
   */
  private async *expand(
    marker: CommitMarker,
    ranges: readonly StreamRange[],
    after: bigint,
    until: bigint | undefined,
    pageSize: number,
    only?: string,
  ): AsyncGenerator<RecordedEvent> {
    const next = new Map<string, number>();
    for (const [streamId, first] of ranges) next.set(streamId, first);
    const firstPosition = BigInt(marker.firstPosition);
    let ordinal = 0;
    while (ordinal < marker.count) {
      const page = await readPage(this.client, marker.batch, BigInt(ordinal), Math.min(pageSize, marker.count - ordinal));
      if (page.length === 0) throw new CorruptLogError(`batch ${marker.batch} holds ${ordinal} of its ${marker.count} events`);
      for (const stored of page) {
        const event = parseStaged(stored.type, stored.data, stored.metadata);
        const revision = next.get(event.streamId);
        if (revision === undefined) throw new CorruptLogError(`batch ${marker.batch}: stream ${event.streamId} has no range`);
        next.set(event.streamId, revision + 1);
        const position = firstPosition + BigInt(ordinal++);
        if (position <= after || (only !== undefined && event.streamId !== only)) continue;
        if (until !== undefined && position > until) return;
        yield { ...event, position, streamRevision: BigInt(revision) };
      }
    }
  }
}
