import fs from 'node:fs';
import path from 'node:path';
import type { StrataConfig } from '../config/config';
import type { EventStore } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { EventStoreDbEventStore } from '../event-store/eventstoredb/eventstoredb-event-store';

/** EVENTSTORE_CONNECTION_STRING selects EventStoreDB; otherwise the embedded SQLite log. */
export async function createEventStore(config: StrataConfig): Promise<EventStore> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (config.eventStoreConnectionString) return EventStoreDbEventStore.connect(config.eventStoreConnectionString);
  return new SqliteEventStore(path.join(config.dataDir, 'events.db'));
}
