import { Inject, Injectable } from '@nestjs/common';
import { NewEvent } from '../../event-store/event-store';
import { CommandMeta, eventMetadata } from '../../core/command-meta';
import { ItemStore } from '../../core/item-store';
import { WriteGate } from '../../core/write-gate';
import { SECRET_STORE, SecretStore } from '../../secrets/secret-store';
import type { ProvidedSecret } from '../../secrets/split-secrets';

/** A secret value to store; without `list`, the list of the param the decider found. */
export type PendingSecret = Omit<ProvidedSecret, 'list'> & Partial<Pick<ProvidedSecret, 'list'>>;
import { ItemCommand, ItemState, decide } from '../domain/item.decider';
import { itemStreamId } from '../domain/item.events';
import { ItemQueries } from '../queries/item-queries';
import { ItemDto } from '../queries/item-view';
import { notFound } from '../../common/errors';

/**
 * The one way item commands are carried out: under the write gate, load the item's state from
 * its stream, let the handler gather facts and build the command, decide, store any secrets
 * apart, append with the item's expected revision, and answer from the caught-up read model.
 */
@Injectable()
export class ItemCommandRunner {
  constructor(
    private readonly items: ItemStore,
    private readonly gate: WriteGate,
    private readonly queries: ItemQueries,
    @Inject(SECRET_STORE) private readonly secrets: SecretStore,
  ) {}

  execute(
    id: string,
    meta: CommandMeta,
    build: (state: ItemState) => ItemCommand,
    /** Secret values that came with the request; stored for each ItemPasswordSet decided. */
    secrets: PendingSecret[] = [],
    /** What must be in place before the events are appended, once they are decided (an uploaded file's blob). */
    beforeAppend: () => void = () => {},
  ): Promise<ItemDto> {
    return this.gate.run(async () => {
      const { state, expected } = await this.items.load(id);
      const events = decide(build(state), state);
      if (events.length > 0) {
        for (const event of events) {
          if (event.type !== 'ItemPasswordSet') continue;
          const { list, name } = event.data;
          const secret = secrets.find((s) => s.name === name && (s.list ?? list) === list);
          if (secret) await this.secrets.put(id, list, name, secret.value);
        }
        beforeAppend();
        const streamId = itemStreamId(id);
        const metadata = eventMetadata(meta);
        const batch: NewEvent[] = events.map((e) => ({ streamId, type: e.type, data: e.data, metadata }));
        await this.items.append(batch, new Map([[streamId, expected]]));
      }
      const item = this.queries.get(id);
      if (!item) throw notFound('item');
      return item;
    });
  }
}
