import type Piscina from 'piscina';
import type { RecordedEvent } from '../event-store/event-store';
import { compiledWorkerFile } from '../common/worker-file';
import { createWorkerPool } from '../common/worker-pool';
import { receivedVersion, type SentEvent, type PrepareVersionsTask, type SentVersion } from '../../workers/prepare-versions.worker';
import type { BaseFields, ContentFacts, PreparedVersion } from './item-projection';

/**
 * Pages of events the projector sends ahead of the one it writes: the worker holds them all. Few:
 * the worker keeps ahead with a few, and every page ahead is data the projector's thread holds —
 * held across collections, it is copied to the old generation and collected there (12 pages and
 * 8 MB ahead: 2.9 s of a 100,000-item restore's 9.1 s of writing went to the collector).
 */
export const PAGES_AHEAD = 4;

/**
 * An event whose version is to be prepared: an ItemCreated, or an edit with a new content over
 * `base`; `facts`, what its writer knew of its content (see ContentFacts).
 */
export interface PreparableEvent {
  event: RecordedEvent;
  base?: BaseFields;
  facts?: ContentFacts;
}

/**
 * Prepares the versions of item events on a worker thread (workers/prepare-versions.worker.ts),
 * so that while the projector writes one page of a big batch, the next pages are being prepared.
 * Only events whose data the store gives as JSON text can go (`RecordedEvent.dataJson`).
 */
export class VersionPreparer {
  private readonly pool: Piscina<PrepareVersionsTask, SentVersion[]>;

  constructor(workerFile = compiledWorkerFile('prepare-versions.worker.js')) {
    this.pool = createWorkerPool<PrepareVersionsTask, SentVersion[]>('VersionPreparer', {
      filename: workerFile,
      maxThreads: 1,
      minThreads: 0,
      // Gone a second after a batch: its heap is not kept between big batches.
      idleTimeout: 1_000,
      // The pages ahead are posted to the thread at once, so it goes from one to the next without
      // waiting for the projector's thread (busy writing) to hand it the next task.
      concurrentTasksPerWorker: PAGES_AHEAD,
      // A task is one page of events: a small heap is plenty, and keeps the thread's memory flat.
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
    });
  }

  /**
   * The versions of `events` (each with `dataJson`), in order; `withText`: with their content's
   * JSON (else, where it is in the event's data, only its span when known).
   */
  async prepare(events: readonly PreparableEvent[], withText: boolean): Promise<PreparedVersion[]> {
    const task: SentEvent[] = events.map(({ event: e, base, facts }) => ({
      position: e.position,
      streamId: e.streamId,
      streamRevision: e.streamRevision,
      type: e.type,
      metadata: e.metadata,
      dataJson: e.dataJson as string,
      ...(base ? { base } : {}),
      ...(facts ? { facts } : {}),
    }));
    const sent = await this.pool.run({ events: task });
    return sent.map((version, i) => receivedVersion(version, task[i], withText));
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
