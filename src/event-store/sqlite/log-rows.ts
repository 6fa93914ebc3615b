import type { EventMetadata, NewEvent, RecordedEvent } from '../event-store';
import { assertEventFits, toJsonText } from '../event-store';

/** The log: events in order, and each stream's revision. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position        INTEGER PRIMARY KEY,
  stream_id       TEXT    NOT NULL,
  stream_revision INTEGER NOT NULL,
  type            TEXT    NOT NULL,
  data            TEXT    NOT NULL,
  metadata        TEXT    NOT NULL,
  UNIQUE (stream_id, stream_revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  revision  INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** A row of `events`. */
export interface EventRow {
  position: number | bigint;
  stream_id: string;
  stream_revision: number | bigint;
  type: string;
  data: string;
  metadata: string;
}

/** An event's texts as the log keeps them, refused beyond MAX_EVENT_BYTES like every store does. */
export function serialise(e: NewEvent): readonly [streamId: string, type: string, data: string, metadata: string] {
  const data = toJsonText(e.data);
  const metadata = JSON.stringify(e.metadata);
  assertEventFits(e.streamId, e.type, data, metadata);
  return [e.streamId, e.type, data, metadata];
}

/**
 * A row of the log as a RecordedEvent. Its data is parsed when first read (an own, enumerable
 * property all the same); `dataJson`, not enumerable, is the text as stored.
 */
export function toRecorded(row: EventRow): RecordedEvent {
  let data: unknown = NOT_PARSED;
  const event = {
    position: BigInt(row.position),
    streamId: row.stream_id,
    streamRevision: BigInt(row.stream_revision),
    type: row.type,
    metadata: JSON.parse(row.metadata) as EventMetadata,
  } as RecordedEvent;
  Object.defineProperty(event, 'data', {
    enumerable: true,
    get: () => (data === NOT_PARSED ? (data = JSON.parse(row.data)) : data),
  });
  Object.defineProperty(event, 'dataJson', { enumerable: false, value: row.data });
  return event;
}

const NOT_PARSED = Symbol('not parsed');
