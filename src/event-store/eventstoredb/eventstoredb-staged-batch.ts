import { AppendOptions, AppendResult, NewEvent, StagedBatch } from '../event-store';
import { OrdinalRuns, stagedEvent, StreamRange } from './commit-marker';
import { ChunkedStreamWriter } from './esdb-io';
import type { ResilientClient } from './resilient-client';

/** What a staged batch needs from its store. */
export interface BatchHost {
  readonly client: ResilientClient;
  readonly maxChunkBytes: number;
  commitBatch(batch: EventStoreDbStagedBatch, options: AppendOptions): Promise<AppendResult>;
}

type State = 'open' | 'committed' | 'discarded' | 'failed' | 'in-doubt';

/**
 * A batch staged in its own stream `<prefix>-batch-<boot>-<n>` (a name the journal reserved, so
 * that a sweeper finds it if this process dies before the commit: see BatchJournal), in chunks
 * well under EventStoreDB's append limit. Nothing here is visible to readers: only the commit
 * marker the store appends on commit() makes it part of the log.
 */
export class EventStoreDbStagedBatch implements StagedBatch {
  /** Ordinals of each logical stream's events, in order of first appearance (a Map keeps insertion order). */
  readonly ordinals = new Map<string, OrdinalRuns>();
  /** Ranges streams written by earlier commit attempts: reused while the ranges are unchanged. */
  readonly rangesStreams: { stream: string; ranges: StreamRange[] }[] = [];
  /** Ranges streams started (names them, including any a failure left half-written). */
  rangesWrites = 0;
  private readonly writer: ChunkedStreamWriter;
  private added = 0;
  private state: State = 'open';
  /** add/commit/discard run one at a time. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: BatchHost,
    readonly stream: string,
  ) {
    this.writer = new ChunkedStreamWriter(host.client, this.stream, host.maxChunkBytes);
  }

  get id(): string {
    return this.stream;
  }

  get size(): number {
    return this.added;
  }

  /**
   * Called by the store when a marker append failed in a way that leaves its outcome unknown
   * (retries exhausted): the batch may be committed, so it must never be deleted.
   */
  markInDoubt(): void {
    this.state = 'in-doubt';
  }

  add(events: readonly NewEvent[]): Promise<void> {
    return this.serially(async () => {
      this.assertOpen();
      // Measured first: an event the server would refuse fails the add, and nothing is staged.
      const staged = events.map((e) => stagedEvent(e));
      try {
        for (const [i, { event, bytes }] of staged.entries()) {
          await this.writer.push(event, bytes);
          const streamId = events[i].streamId;
          let runs = this.ordinals.get(streamId);
          if (!runs) this.ordinals.set(streamId, (runs = new OrdinalRuns()));
          runs.add(this.added++);
        }
      } catch (err) {
        // Part of the events may be staged: this batch cannot be committed any more.
        this.state = 'failed';
        throw err;
      }
    });
  }

  commit(options: AppendOptions = {}): Promise<AppendResult> {
    return this.serially(async () => {
      this.assertOpen();
      if (this.added === 0) throw new Error('an empty batch cannot be committed');
      try {
        await this.writer.flush();
      } catch (err) {
        this.state = 'failed';
        throw err;
      }
      // On failure the batch stays open (certainly not committed: the caller may retry or discard
      // it) unless the store called markInDoubt().
      const result = await this.host.commitBatch(this, options);
      this.state = 'committed';
      return result;
    });
  }

  discard(): Promise<void> {
    return this.serially(async () => {
      const state = this.state;
      if (state === 'committed' || state === 'discarded') return;
      this.state = 'discarded';
      if (state === 'in-doubt') return; // may be committed: keep its events
      // Invisible anyway without a marker; deleting only saves space (after a scavenge), so
      // failures are left to the sweeper.
      const streams = this.rangesStreams.map((r) => r.stream);
      if (this.writer.written > 0) streams.push(this.stream);
      await Promise.all(streams.map((s) => this.host.client.retry(() => this.host.client.raw.deleteStream(s)).catch(() => undefined)));
    });
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`staged batch ${this.id} is ${this.state}`);
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
