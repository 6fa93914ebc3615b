import fs from 'node:fs';
import path from 'node:path';
import type { StrataConfig } from '../config/config';
import type { EventStore } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { EventStoreDbEventStore } from '../event-store/eventstoredb/eventstoredb-event-store';
import { inMemoryClient, isInMemoryConnection } from '../event-store/eventstoredb/testing/in-memory-registry';
import type { Instance } from './instance';

/**
 * EVENTSTORE_CONNECTION_STRING selects EventStoreDB (or, for tests, an in-memory server this
 * process registered: `inmemory://name`); otherwise the embedded SQLite log.
 */
export async function createEventStore(config: StrataConfig, instance: Instance): Promise<EventStore> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const target = config.eventStoreConnectionString;
  if (target) {
    return EventStoreDbEventStore.connect(isInMemoryConnection(target) ? inMemoryClient(target) : target, { instanceId: instance.id });
  }
  return new SqliteEventStore(path.join(config.dataDir, 'events.db'));
}
