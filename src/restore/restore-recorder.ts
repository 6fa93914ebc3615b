import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, EventMetadata, NewEvent } from '../event-store/event-store';
import { Projector } from '../read-model/projector';
import { ReportItem, RestoreEvent, RestoreFile, restoreStreamId } from './domain/restore.events';

/** Report chunks: a million outcomes are a thousand events, never one giant one. */
export const REPORT_CHUNK = 1000;

/** Writes a restore's audit record (its own stream) and turns report pages into events. */
@Injectable()
export class RestoreRecorder {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  async started(data: Extract<RestoreEvent, { type: 'RestoreStarted' }>['data'], metadata: EventMetadata): Promise<void> {
    const { lastPosition } = await this.store.append([this.event(data.id, { type: 'RestoreStarted', data }, metadata)], {
      expected: new Map([[restoreStreamId(data.id), 'no_stream']]),
    });
    await this.projector.waitFor(lastPosition);
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
