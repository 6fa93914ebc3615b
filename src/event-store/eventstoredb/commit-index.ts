import { AppendOptions, checkExpectations } from '../event-store';
import { CommitMarker, CorruptLogError, eachOrdinal, StreamRange } from './commit-marker';

/**
 * What this instance knows of the commit log, built in memory by following `<prefix>-commits`
 * (and the ranges of each marker) from the start, then incrementally on every catch-up, without
 * reading a staged event. For each logical stream it keeps the positions of its events (one
 * number for a stream of one event, as most items after a restore are), so reading a stream is
 * reading its own events where they are staged (see CommitLogReader.readStream), not the log.
 * Memory: about 8 bytes per event plus a map entry per logical stream, and 8 bytes per commit.
 *
 * Logical stream revisions are NOT EventStoreDB stream revisions: they are defined by the order of
 * markers in the commit log, and only an instance that has applied every marker up to `revision`
 * may decide a commit, which the expected revision on the commit log enforces.
 *
 * A commit-log event that is not a valid marker (a foreign write, a marker that does not continue
 * the log) is a hole: `skip` records it, every instance skips it alike, and nothing stops.
 */
export class CommitIndex {
  /** Commit-log revision of the last event applied or skipped (-1: none). */
  private logRevision = -1;
  private headPosition = 0n;
  /** lastPositions[r] = last position of the marker at commit-log revision r (a hole: the head then). */
  private readonly lastPositions: number[] = [];
  private readonly holes = new Set<number>();
  /** Logical stream → the positions of its events, in revision order. */
  private readonly streams = new Map<string, number | number[]>();

  get revision(): number {
    return this.logRevision;
  }

  get head(): bigint {
    return this.headPosition;
  }

  lastRevision(streamId: string): number {
    const p = this.streams.get(streamId);
    return p === undefined ? -1 : typeof p === 'number' ? 0 : p.length - 1;
  }

  revisionOf(streamId: string): bigint | 'no_stream' {
    const r = this.lastRevision(streamId);
    return r < 0 ? 'no_stream' : BigInt(r);
  }

  /** Positions of a stream's events from revision `from`, in order. */
  positionsOf(streamId: string, from = 0): number[] {
    const p = this.streams.get(streamId);
    if (p === undefined) return [];
    return (typeof p === 'number' ? [p] : p).slice(from);
  }

  isHole(revision: number): boolean {
    return this.holes.has(revision);
  }

  /** Throws WrongExpectedRevisionError when an expectation does not hold against this index. */
  check(options: AppendOptions): void {
    checkExpectations(options, this.headPosition, (streamId) => this.revisionOf(streamId));
  }

  /**
   * Throws CorruptLogError unless the marker continues the log as this index has it: it starts
   * right after the head, and each stream's range right after that stream's last revision.
   */
  validate(marker: CommitMarker, ranges: readonly StreamRange[]): void {
    if (BigInt(marker.firstPosition) !== this.headPosition + 1n) {
      throw new CorruptLogError(`marker of ${marker.batch} starts at ${marker.firstPosition}, head is ${this.headPosition}`);
    }
    let total = 0;
    const seen = new Set<string>();
    for (const [streamId, from, to, ordinals] of ranges) {
      if (seen.has(streamId)) throw new CorruptLogError(`marker of ${marker.batch}: stream ${streamId} twice`);
      seen.add(streamId);
      if (from !== this.lastRevision(streamId) + 1) {
        throw new CorruptLogError(`marker of ${marker.batch}: stream ${streamId} continues at ${from}`);
      }
      for (const o of eachOrdinal(ordinals)) {
        if (o >= marker.count) throw new CorruptLogError(`marker of ${marker.batch}: ordinal ${o} of ${marker.count}`);
      }
      total += to - from + 1;
    }
    if (total !== marker.count) throw new CorruptLogError(`marker of ${marker.batch}: ranges cover ${total} events`);
  }

  /** Applies the (validated) marker found at commit-log revision `revision`, the next one. */
  apply(revision: number, marker: CommitMarker, ranges: readonly StreamRange[]): void {
    this.expectNext(revision);
    const first = Number(marker.firstPosition);
    for (const [streamId, , , ordinals] of ranges) {
      const existing = this.streams.get(streamId);
      const list = existing === undefined ? [] : typeof existing === 'number' ? [existing] : existing;
      for (const o of eachOrdinal(ordinals)) list.push(first + o);
      this.streams.set(streamId, list.length === 1 ? list[0] : list);
    }
    this.lastPositions.push(Number(marker.lastPosition));
    this.logRevision = revision;
    this.headPosition = BigInt(marker.lastPosition);
  }

  /** Records the commit-log event at `revision` as a hole (no events). */
  skip(revision: number): void {
    this.expectNext(revision);
    this.holes.add(revision);
    this.lastPositions.push(Number(this.headPosition));
    this.logRevision = revision;
  }

  /** Commit-log revision of the first marker whose events include a position > `after`. */
  firstMarkerAfter(after: bigint): number {
    const target = Number(after);
    let lo = 0;
    let hi = this.lastPositions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lastPositions[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** First position of the marker at commit-log revision `revision`. */
  firstPositionOf(revision: number): number {
    return (revision > 0 ? this.lastPositions[revision - 1] : 0) + 1;
  }

  private expectNext(revision: number): void {
    if (revision !== this.logRevision + 1) {
      throw new Error(`eventstoredb commit index: revision ${revision} applied after ${this.logRevision}`);
    }
  }
}
