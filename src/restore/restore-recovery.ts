import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import fs from 'node:fs';
import path from 'node:path';
import { STRATA_CONFIG, type StrataConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store';
import { ViewDatabase } from '../read-model/view-database';
import { SYSTEM_ACTOR } from '../core/command-meta';
import { Instance } from '../core/instance';
import { RepositoryClaims } from '../core/repository-claim';
import { RestoreRecorder } from './restore-recorder';
import { restoreStreamId, type RestoreEvent } from './domain/restore.events';

/**
 * At start, a restore still "running" that this instance ran was interrupted (restores run
 * in-process): its batch never committed — a committed batch carries its own RestoreFinished — so
 * the repository is as before, and the record says `failed`. Another instance's restore is left
 * alone while that instance may still be running it; a full restore or rollback of another
 * instance is failed only once it no longer holds the repository's claim, or its claim expired
 * (its instance died), in which case the claim is released. Temporary uploads and scratch files of
 * the dead process are removed.
 */
@Injectable()
export class RestoreRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger('Restore');

  constructor(
    private readonly view: ViewDatabase,
    private readonly recorder: RestoreRecorder,
    private readonly claims: RepositoryClaims,
    private readonly instance: Instance,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const tmp = path.join(this.config.dataDir, 'tmp');
    for (const name of fs.existsSync(tmp) ? fs.readdirSync(tmp) : []) {
      if (/^(upload|restore)-/.test(name)) fs.rmSync(path.join(tmp, name), { force: true });
    }
    const running = this.view.db.prepare("SELECT id FROM restores WHERE status = 'running'").all() as { id: string }[];
    for (const { id } of running) {
      const why = await this.interrupted(id);
      if (!why) continue;
      const at = new Date().toISOString();
      const metadata = { userId: SYSTEM_ACTOR.userId, userName: SYSTEM_ACTOR.userName, at, correlationId: id, causationId: id, restoreId: id };
      await this.claims.releaseStale(id, metadata);
      await this.recorder.failed(id, `interrupted: ${why}; nothing of it was written`, metadata);
      this.logger.warn(`restore ${id} was interrupted (${why}); recorded as failed`);
    }
  }

  /** Why the restore cannot be running any more, or null if it may be. */
  private async interrupted(id: string): Promise<string | null> {
    let started: Extract<RestoreEvent, { type: 'RestoreStarted' }>['data'] | undefined;
    for await (const e of this.store.readStream(restoreStreamId(id))) {
      started = (e as unknown as RestoreEvent).data as typeof started;
      break;
    }
    if (!started?.instance || started.instance === this.instance.id) return 'the service stopped before the restore committed';
    if (started.kind === 'items') return null;
    const { holder } = await this.claims.state();
    if (holder?.restoreId !== id) return 'its instance no longer holds the repository';
    if (holder.expiresAt <= Date.now()) return 'its instance stopped renewing its claim of the repository';
    return null;
  }
}
