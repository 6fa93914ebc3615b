import { BACKWARDS, END, jsonEvent } from '@eventstore/db-client';
import type { EventStoreDbEventStore } from '../event-store/eventstoredb/eventstoredb-event-store';
import { isStreamNotFound } from '../event-store/eventstoredb/esdb-io';
import { SecretBox } from './secret-box';
import type { SecretStore } from './secret-store';

interface SealedSecret {
  list: string;
  name: string;
  sealed: string;
  /** Revision of the item's ItemPasswordSet event this value belongs to. */
  revision: string;
}

/**
 * With EventStoreDB, ciphertext lives in a stream of its own per item (`<prefix>-secret-<id>`,
 * under the store's configured prefix), so every instance can read it while a copy of the log
 * reveals nothing without the key (DESIGN invariant 7). These streams are not part of the item
 * log the read model follows.
 *
 * A value is written only after its ItemPasswordSet is committed, and carries that event's
 * revision: a command that lost (412) never wrote one, and of two values written out of order
 * the one of the later event wins. An event that does not open with the key (written by someone
 * else, or for another item) is ignored.
 */
export class EventStoreDbSecretStore implements SecretStore {
  constructor(
    private readonly store: EventStoreDbEventStore,
    private readonly box: SecretBox,
  ) {}

  async put(itemId: string, list: string, name: string, value: string, revision: bigint): Promise<void> {
    const data: SealedSecret = { list, name, sealed: this.box.seal(value, context(itemId, list, name, revision)), revision: String(revision) };
    await this.store.client.append(this.stream(itemId), [jsonEvent({ type: 'SecretSealed', data: { ...data } })], 'any');
  }

  async get(itemId: string, list: string, name: string): Promise<string | null> {
    return this.store.client.retry(() => this.read(itemId, list, name));
  }

  private async read(itemId: string, list: string, name: string): Promise<string | null> {
    let best: { revision: bigint; value: string } | null = null;
    try {
      const events = this.store.client.raw.readStream(this.stream(itemId), { direction: BACKWARDS, fromRevision: END });
      for await (const resolved of events) {
        const data = resolved.event?.data as Partial<SealedSecret> | undefined;
        if (!data || data.list !== list || data.name !== name || typeof data.sealed !== 'string' || !/^\d+$/.test(data.revision ?? '')) continue;
        const revision = BigInt(data.revision as string);
        if (best && best.revision >= revision) continue;
        try {
          best = { revision, value: this.box.open(data.sealed, context(itemId, list, name, revision)) };
        } catch {
          // not sealed with our key for this item, param and revision: not ours
        }
      }
    } catch (error) {
      if (isStreamNotFound(error)) return null;
      throw error;
    }
    return best?.value ?? null;
  }

  private stream(itemId: string): string {
    return `${this.store.prefix}-secret-${itemId}`;
  }
}

/** The ciphertext is bound to its item, param and event revision. */
function context(itemId: string, list: string, name: string, revision: bigint): string {
  return `${itemId}/${list}/${name}/${revision}`;
}
