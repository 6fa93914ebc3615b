import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import fs from 'node:fs';
import path from 'node:path';
import { STRATA_CONFIG, type StrataConfig } from '../config/config';
import { ViewDatabase } from '../read-model/view-database';
import { SYSTEM_ACTOR } from '../core/command-meta';
import { RestoreRecorder } from './restore-recorder';

/**
 * At start, a restore still "running" was interrupted (this instance runs restores in-process):
 * its batch never committed — a committed batch carries its own RestoreFinished — so the
 * repository is as before, and the record says `failed`. Temporary uploads and scratch files of
 * the dead process are removed.
 */
@Injectable()
export class RestoreRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger('Restore');

  constructor(
    private readonly view: ViewDatabase,
    private readonly recorder: RestoreRecorder,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const tmp = path.join(this.config.dataDir, 'tmp');
    for (const name of fs.existsSync(tmp) ? fs.readdirSync(tmp) : []) {
      if (/^(upload|restore)-/.test(name)) fs.rmSync(path.join(tmp, name), { force: true });
    }
    const interrupted = this.view.db.prepare("SELECT id FROM restores WHERE status = 'running'").all() as { id: string }[];
    for (const { id } of interrupted) {
      const at = new Date().toISOString();
      const metadata = { userId: SYSTEM_ACTOR.userId, userName: SYSTEM_ACTOR.userName, at, correlationId: id, causationId: id, restoreId: id };
      await this.recorder.failed(id, 'interrupted: the service stopped before the restore committed; nothing of it was written', metadata);
      this.logger.warn(`restore ${id} was interrupted; recorded as failed`);
    }
  }
}
