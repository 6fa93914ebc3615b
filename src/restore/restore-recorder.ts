import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, EventMetadata, NewEvent } from '../event-store/event-store';
import { Projector } from '../read-model/projector';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/command-meta';
import { ReportItem, RestoreEvent, RestoreFile, RestoreKind, restoreStreamId } from './domain/restore.events';

/** Report chunks: a million outcomes are a thousand events, never one giant one. */
export const REPORT_CHUNK = 1000;

/** Writes a restore's audit record (its own stream) and turns report pages into events. */
@Injectable()
export class RestoreRecorder {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  /** Starts the record of a new restore: its id, and the metadata every event of it carries. */
  async begin(
    kind: RestoreKind,
    actor: Actor,
    details: { dryRun: boolean; options: Record<string, unknown>; files: RestoreFile[] },
  ): Promise<{ id: string; metadata: EventMetadata }> {
    const id = randomUUID();
    const metadata = restoreMetadata(id, actor);
    const data = { id, kind, userId: actor.userId, userName: actor.userName, startedAt: metadata.at, ...details };
    const { lastPosition } = await this.store.append([this.event(id, { type: 'RestoreStarted', data }, metadata)], {
      expected: new Map([[restoreStreamId(id), 'no_stream']]),
    });
    await this.projector.waitFor(lastPosition);
    return { id, metadata };
  }

  /** Marks a restore failed (nothing of it was committed). */
  async failed(id: string, error: string, metadata: EventMetadata, files?: RestoreFile[]): Promise<void> {
    const finished = this.finished(id, { status: 'failed', finishedAt: new Date().toISOString(), counts: {}, error, files }, metadata);
    const { lastPosition } = await this.store.append([finished]);
    await this.projector.waitFor(lastPosition);
  }

  reportEvents(id: string, fromIndex: number, items: ReportItem[], metadata: EventMetadata): NewEvent[] {
    const events: NewEvent[] = [];
    for (let i = 0; i < items.length; i += REPORT_CHUNK) {
      events.push(this.event(id, { type: 'RestoreItemsReported', data: { fromIndex: fromIndex + i, items: items.slice(i, i + REPORT_CHUNK) } }, metadata));
    }
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
