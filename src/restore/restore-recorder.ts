import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, EventMetadata, NewEvent, WrongExpectedRevisionError } from '../event-store/event-store';
import { Instance } from '../core/instance';
import { Projector } from '../read-model/projector';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/command-meta';
import { ReportItem, RestoreEvent, RestoreFile, RestoreKind, restoreStreamId } from './domain/restore.events';

/** Report chunks: a million outcomes are a thousand events, never one giant one. */
export const REPORT_CHUNK = 1000;
/**
 * …and at most about this many bytes each, well within what every store takes (MAX_EVENT_BYTES):
 * a thousand outcomes of items 100 folders deep would otherwise be tens of megabytes.
 */
const REPORT_CHUNK_BYTES = 256 * 1024;

/** An outcome's size in UTF-8, from above (3 bytes per UTF-16 unit, and the JSON around it). */
function outcomeBytes(item: ReportItem): number {
  let units = item.file.length + item.sourcePath.length + (item.path?.length ?? 0) + (item.reason?.length ?? 0) + (item.sourceId?.length ?? 0);
  for (const w of item.warnings) units += w.length + 3;
  return 200 + 3 * units;
}

/** Writes a restore's audit record (its own stream) and turns report pages into events. */
@Injectable()
export class RestoreRecorder {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly instance: Instance,
  ) {}

  /**
   * Starts the record of a new restore (owned by this instance: see RestoreRecovery): its id, and
   * the metadata every event of it carries. `id`: one already chosen (to claim the repository first).
   */
  async begin(
    kind: RestoreKind,
    actor: Actor,
    details: { dryRun: boolean; options: Record<string, unknown>; files: RestoreFile[] },
    id: string = randomUUID(),
  ): Promise<{ id: string; metadata: EventMetadata }> {
    const metadata = restoreMetadata(id, actor);
    const data = { id, kind, userId: actor.userId, userName: actor.userName, startedAt: metadata.at, ...details, instance: this.instance.id };
    const { lastPosition } = await this.store.append([this.event(id, { type: 'RestoreStarted', data }, metadata)], {
      expected: new Map([[restoreStreamId(id), 'no_stream']]),
    });
    await this.projector.waitFor(lastPosition);
    return { id, metadata };
  }

  /**
   * Marks a restore failed (nothing of it was committed), unless its record was finished
   * meanwhile (by its batch, or by another instance's recovery): then it does nothing.
   */
  async failed(id: string, error: string, metadata: EventMetadata, files?: RestoreFile[]): Promise<void> {
    const finished = this.finished(id, { status: 'failed', finishedAt: new Date().toISOString(), counts: {}, error, files }, metadata);
    try {
      const { lastPosition } = await this.store.append([finished], { expected: new Map([[restoreStreamId(id), 0n]]) });
      await this.projector.waitFor(lastPosition);
    } catch (e) {
      if (!(e instanceof WrongExpectedRevisionError)) throw e;
    }
  }

  reportEvents(id: string, fromIndex: number, items: ReportItem[], metadata: EventMetadata): NewEvent[] {
    const events: NewEvent[] = [];
    let start = 0;
    let bytes = 0;
    const flush = (end: number) => {
      if (end > start)
        events.push(this.event(id, { type: 'RestoreItemsReported', data: { fromIndex: fromIndex + start, items: items.slice(start, end) } }, metadata));
      start = end;
      bytes = 0;
    };
    for (let i = 0; i < items.length; i++) {
      const size = outcomeBytes(items[i]);
      if (i - start >= REPORT_CHUNK || (i > start && bytes + size > REPORT_CHUNK_BYTES)) flush(i);
      bytes += size;
    }
    flush(items.length);
    return events;
  }

  finished(id: string, data: Extract<RestoreEvent, { type: 'RestoreFinished' }>['data'], metadata: EventMetadata): NewEvent {
    return this.event(id, { type: 'RestoreFinished', data }, metadata);
  }

  private event(id: string, e: RestoreEvent, metadata: EventMetadata): NewEvent {
    return { streamId: restoreStreamId(id), type: e.type, data: e.data, metadata };
  }
}

/** A restore's events name it as their correlation, causation and restore id. */
export function restoreMetadata(id: string, actor: Actor): EventMetadata {
  return { userId: actor.userId, userName: actor.userName, at: new Date().toISOString(), correlationId: id, causationId: id, restoreId: id };
}
