import { BACKWARDS, END, jsonEvent } from '@eventstore/db-client';
import type { EventStoreDbEventStore } from '../event-store/eventstoredb/eventstoredb-event-store';
import { SecretBox } from './secret-box';
import type { SecretStore } from './secret-store';

interface SealedSecret {
  list: string;
  name: string;
  sealed: string;
  [key: string]: unknown;
}

/**
 * With EventStoreDB, ciphertext lives in a stream of its own per item (`strata-secret-<id>`), so
 * every instance can read it while a copy of the log reveals nothing without the key
 * (DESIGN invariant 7). These streams are not part of the item log the read model follows.
 */
export class EventStoreDbSecretStore implements SecretStore {
  constructor(
    private readonly store: EventStoreDbEventStore,
    private readonly box: SecretBox,
  ) {}

  async put(itemId: string, list: string, name: string, value: string): Promise<void> {
    const data: SealedSecret = { list, name, sealed: this.box.seal(value, `${itemId}/${list}/${name}`) };
    await this.store.client.appendToStream(this.stream(itemId), jsonEvent({ type: 'SecretSealed', data }));
  }

  async get(itemId: string, list: string, name: string): Promise<string | null> {
    try {
      const events = this.store.client.readStream<{ type: 'SecretSealed'; data: SealedSecret }>(this.stream(itemId), {
        direction: BACKWARDS,
        fromRevision: END,
      });
      for await (const resolved of events) {
        const data = resolved.event?.data;
        if (data && data.list === list && data.name === name) return this.box.open(data.sealed, `${itemId}/${list}/${name}`);
      }
    } catch (error) {
      if ((error as { type?: string }).type === 'stream-not-found') return null;
      throw error;
    }
    return null;
  }

  private stream(itemId: string): string {
    return `strata-secret-${itemId}`;
  }
}
