import { Inject, Injectable } from '@nestjs/common';
import { HEAD_STREAM, NewEvent, WrongExpectedRevisionError } from '../../event-store/event-store';
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
import { DomainError, notFound } from '../../common/errors';

/** Times a command that gives an item a name is decided again when another instance wrote first. */
const NAME_ATTEMPTS = 5;

export interface RunOptions {
  /**
   * The command gives the item a name in a folder (create, rename, move): its "the name is free"
   * holds only if nothing was committed between the check and the append, on any instance, so the
   * append expects the log's head, and the command is decided again if the head moved.
   */
  namesItem?: boolean;
  /** What must be in place before the events are appended, once they are decided (an uploaded file's blob). */
  beforeAppend?: () => void;
}

/**
 * The one way item commands are carried out: under the write gate, load the item's state from
 * its stream, let the handler gather facts and build the command, decide, append with the item's
 * expected revision (and the head, for names), store any secrets once the append committed, and
 * answer from the caught-up read model.
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
    options: RunOptions = {},
  ): Promise<ItemDto> {
    return this.gate.run(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.once(id, meta, build, secrets, options);
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError && error.streamId === HEAD_STREAM)) throw error;
          if (attempt >= NAME_ATTEMPTS) throw new DomainError('CONFLICT', 'the repository kept changing while the name was checked; retry');
        }
      }
    });
  }

  private async once(id: string, meta: CommandMeta, build: (state: ItemState) => ItemCommand, secrets: PendingSecret[], options: RunOptions) {
    const head = options.namesItem ? await this.items.syncedHead() : undefined;
    const { state, expected } = await this.items.load(id);
    const events = decide(build(state), state);
    if (events.length > 0) {
      const streamId = itemStreamId(id);
      const metadata = eventMetadata(meta);
      const batch: NewEvent[] = events.map((e) => ({ streamId, type: e.type, data: e.data, metadata }));
      options.beforeAppend?.();
      await this.items.append(batch, new Map([[streamId, expected]]), head);
      // Only now, with the revision of the event it belongs to: a lost race leaves no secret.
      const first = expected === 'no_stream' ? 0n : (expected as bigint) + 1n;
      for (const [k, event] of events.entries()) {
        if (event.type !== 'ItemPasswordSet') continue;
        const { list, name } = event.data;
        const secret = secrets.find((s) => s.name === name && (s.list ?? list) === list);
        if (secret) await this.secrets.put(id, list, name, secret.value, first + BigInt(k));
      }
    }
    const item = this.queries.get(id);
    if (!item) throw notFound('item');
    return item;
  }
}
