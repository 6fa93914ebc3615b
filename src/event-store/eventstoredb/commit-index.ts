import { ExpectedRevision, WrongExpectedRevisionError } from '../event-store';
import { CommitMarker, CorruptLogError, StreamRange } from './commit-marker';

/**
 * What this instance knows of the commit log, built in memory by following `<prefix>-commits`
 * (and the ranges of each marker) from the start, then incrementally on every catch-up. Memory is
 * O(logical streams + commits): one number per stream (its last revision) and one per commit (its
 * last position, to find where a readAll starts). That is acceptable for the repositories Strata
 * serves; a snapshot of this index in its own stream would bound start-up time if it ever is not.
 *
 * Logical stream revisions are NOT EventStoreDB stream revisions: they are defined by the order of
 * markers in the commit log, and only an instance that has applied every marker up to `revision`
 * may decide a commit, which the expected revision on the commit log enforces.
 */
export class CommitIndex {
  /** Commit-log revision of the last marker applied (-1: none). */
  private logRevision = -1;
  private headPosition = 0n;
  /** lastPositions[r] = last position of the marker at commit-log revision r. */
  private readonly lastPositions: number[] = [];
  /** Logical stream → its last revision. */
  private readonly streams = new Map<string, number>();

  get revision(): number {
    return this.logRevision;
  }

  get head(): bigint {
    return this.headPosition;
  }

  lastRevision(streamId: string): number {
    return this.streams.get(streamId) ?? -1;
  }

  revisionOf(streamId: string): bigint | 'no_stream' {
    const r = this.streams.get(streamId);
    return r === undefined ? 'no_stream' : BigInt(r);
  }

  /** Throws WrongExpectedRevisionError when an expectation does not hold against this index. */
  check(expected: ReadonlyMap<string, ExpectedRevision> | undefined): void {
    if (!expected) return;
    for (const [streamId, want] of expected) {
      if (want === 'any') continue;
      const actual = this.revisionOf(streamId);
      if (want === 'no_stream' ? actual !== 'no_stream' : actual !== want) {
        throw new WrongExpectedRevisionError(streamId, want, actual);
      }
    }
  }

  /** Applies the marker found at commit-log revision `revision` (must be the next one). */
  apply(revision: number, marker: CommitMarker, ranges: readonly StreamRange[]): void {
    if (revision !== this.logRevision + 1) {
      throw new CorruptLogError(`marker at revision ${revision} applied after ${this.logRevision}`);
    }
    const first = BigInt(marker.firstPosition);
    const last = BigInt(marker.lastPosition);
    if (first !== this.headPosition + 1n) {
      throw new CorruptLogError(`marker at revision ${revision} starts at ${first}, head is ${this.headPosition}`);
    }
    let total = 0;
    for (const [streamId, from, to] of ranges) {
      if (from !== this.lastRevision(streamId) + 1) {
        throw new CorruptLogError(`marker at revision ${revision}: stream ${streamId} continues at ${from}`);
      }
      total += to - from + 1;
    }
    if (total !== marker.count) throw new CorruptLogError(`marker at revision ${revision}: ranges cover ${total} events`);
    for (const [streamId, , to] of ranges) this.streams.set(streamId, to);
    this.lastPositions.push(Number(last));
    this.logRevision = revision;
    this.headPosition = last;
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
}
