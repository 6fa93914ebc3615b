import fs from 'node:fs';
import path from 'node:path';
import type { StrataConfig } from '../config/config';
import type { EventStore } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { EventStoreDbEventStore } from '../event-store/eventstoredb/eventstoredb-event-store';
import { inMemoryClient, isInMemoryConnection } from '../event-store/eventstoredb/testing/in-memory-registry';
import type { SecretBox } from '../secrets/secret-box';
import { SqliteSecretStore, type SecretStore } from '../secrets/secret-store';
import { EventStoreDbSecretStore } from '../secrets/eventstoredb-secret-store';
import type { Instance } from './instance';

/**
 * The store Strata runs on, with what only that store can give: where secrets are kept beside
 * it, and (the embedded store) the log's file, for the view to point into for item contents.
 */
export interface StoreAdapter {
  readonly events: EventStore;
  /** The SQLite log's file; undefined on EventStoreDB (the view keeps contents inline). */
  readonly logFile: string | undefined;
  secrets(box: SecretBox): SecretStore;
}

/**
 * EVENTSTORE_CONNECTION_STRING selects EventStoreDB (or, for tests, an in-memory server this
 * process registered: `inmemory://name`); otherwise the embedded SQLite log.
 */
export async function createStoreAdapter(config: StrataConfig, instance: Instance): Promise<StoreAdapter> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const target = config.eventStoreConnectionString;
  if (target) {
    const events = await EventStoreDbEventStore.connect(isInMemoryConnection(target) ? inMemoryClient(target) : target, { instanceId: instance.id });
    return { events, logFile: undefined, secrets: (box) => new EventStoreDbSecretStore(events, box) };
  }
  const events = new SqliteEventStore(path.join(config.dataDir, 'events.db'));
  return { events, logFile: events.file, secrets: (box) => new SqliteSecretStore(events.connection, box) };
}
