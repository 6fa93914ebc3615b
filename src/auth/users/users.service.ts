import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, NewEvent } from '../../event-store/event-store';
import { Projector } from '../../read-model/projector';
import { DomainError, notFound } from '../../common/errors';
import { Actor, CommandMeta, SYSTEM_ACTOR, eventMetadata } from '../../core/command-meta';
import { WriteGate } from '../../core/write-gate';
import { Role, UserEvent, userStreamId } from '../domain/user.events';
import { UserQueries } from '../user-queries';
import { hashToken, newToken } from '../tokens';

/** Creates and deletes users; every change is an event in the user's stream. */
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
      if (this.users.byName(name)) throw new DomainError('CONFLICT', `a user named "${name}" already exists`);
      const id = randomUUID();
      const meta = this.meta(actor, correlationId);
      await this.write(userStreamId(id), { type: 'UserCreated', data: { id, name, role, tokenHash: hashToken(token), at: meta.at } }, meta, 'no_stream');
      return { id, name, role, token };
    });
  }

  async delete(id: string, actor: Actor, correlationId: string): Promise<void> {
    await this.gate.run(async () => {
      if (!this.users.byId(id)) throw notFound('user');
      if (id === actor.userId) throw new DomainError('CONFLICT', 'you cannot delete yourself');
      await this.write(userStreamId(id), { type: 'UserDeleted', data: {} }, this.meta(actor, correlationId), 'any');
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
        await this.gate.run(() =>
          this.write(
            userStreamId(admin.id),
            { type: 'UserTokenReplaced', data: { tokenHash: hashToken(adminToken) } },
            this.meta(SYSTEM_ACTOR, correlationId),
            'any',
          ),
        );
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

  private async write(streamId: string, event: UserEvent, meta: CommandMeta, expected: 'no_stream' | 'any') {
    const batch: NewEvent[] = [{ streamId, type: event.type, data: event.data, metadata: eventMetadata(meta) }];
    const { lastPosition } = await this.store.append(batch, { expected: new Map([[streamId, expected]]) });
    await this.projector.waitFor(lastPosition);
  }
}
