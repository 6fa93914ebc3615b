import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, NewEvent } from '../../event-store/event-store';
import { Projector } from '../../read-model/projector';
import { Actor, CommandMeta, SYSTEM_ACTOR, eventMetadata } from '../../core/command-meta';
import { WriteGate } from '../../core/write-gate';
import { Role, UserEvent, userStreamId } from '../domain/user.events';
import { decideUser, initialUserState, type UserCommand } from '../domain/user.decider';
import { UserQueries } from '../user-queries';
import { hashToken, newToken } from '../tokens';

/** Creates and deletes users: the user decider decides, every change is an event in the user's stream. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly users: UserQueries,
    private readonly gate: WriteGate,
  ) {}

  async create(name: string, role: Role, actor: Actor, correlationId: string, token = newToken()) {
    return this.gate.run(async () => {
      const id = randomUUID();
      const meta = this.meta(actor, correlationId);
      const nameTaken = this.users.byName(name) !== undefined;
      const command: UserCommand = { type: 'CreateUser', data: { id, name, role, tokenHash: hashToken(token), at: meta.at, nameTaken } };
      await this.write(id, decideUser(command, initialUserState), meta, 'no_stream');
      return { id, name, role, token };
    });
  }

  async delete(id: string, actor: Actor, correlationId: string): Promise<void> {
    await this.gate.run(async () => {
      const events = decideUser({ type: 'DeleteUser', data: { by: actor.userId } }, this.users.stateOf(id));
      await this.write(id, events, this.meta(actor, correlationId), 'any');
    });
  }

  /**
   * At start: STRATA_ADMIN_TOKEN ensures a user `admin` with that token; with no token and no
   * users yet, the first admin is created and its token printed once.
   */
  async bootstrap(adminToken: string | null): Promise<void> {
    const correlationId = `bootstrap-${randomUUID()}`;
    if (adminToken) {
      const admin = this.users.byName('admin');
      if (!admin) await this.create('admin', 'admin', SYSTEM_ACTOR, correlationId, adminToken);
      else if (admin.tokenHash !== hashToken(adminToken)) {
        await this.gate.run(() => {
          const events = decideUser({ type: 'ReplaceUserToken', data: { tokenHash: hashToken(adminToken) } }, this.users.stateOf(admin.id));
          return this.write(admin.id, events, this.meta(SYSTEM_ACTOR, correlationId), 'any');
        });
      }
      return;
    }
    if (this.users.count() === 0) {
      const { token } = await this.create('admin', 'admin', SYSTEM_ACTOR, correlationId);
      // Printed once, to stdout, on the very first start; never logged again.
      process.stdout.write(`strata: created user "admin" (role admin). Its token, shown only now:\n${token}\n`);
      this.logger.log('first start: created the admin user (token printed above)');
    }
  }

  private meta(actor: Actor, correlationId: string): CommandMeta {
    return { actor, at: new Date().toISOString(), correlationId, commandId: randomUUID() };
  }

  /** Appends what the decider decided to the user's stream (nothing, when it decided nothing) and waits for the view. */
  private async write(id: string, events: UserEvent[], meta: CommandMeta, expected: 'no_stream' | 'any') {
    if (events.length === 0) return;
    const streamId = userStreamId(id);
    const batch: NewEvent[] = events.map((event) => ({ streamId, type: event.type, data: event.data, metadata: eventMetadata(meta) }));
    const { lastPosition } = await this.store.append(batch, { expected: new Map([[streamId, expected]]) });
    await this.projector.waitFor(lastPosition);
  }
}
