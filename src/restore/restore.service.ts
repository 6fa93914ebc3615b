import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { EVENT_STORE, EventStore, EventMetadata, ExpectedRevision } from '../event-store/event-store';
import { STRATA_CONFIG, type StrataConfig } from '../config/config';
import { DomainError } from '../common/errors';
import { yieldToEventLoop } from '../common/yield';
import { Projector } from '../read-model/projector';
import { WriteGate } from '../core/write-gate';
import type { Actor } from '../core/command-meta';
import { ItemQueries } from '../repository/queries/item-queries';
import { InvalidBackupError, type BackupFormat } from '../../workers/parsing/parsed-item';
import { BackupParser } from './parsing/backup-parser.provider';
import { RestoreScratch } from './plan/restore-scratch';
import { PlannedFile, RestorePlanner } from './plan/restore-planner';
import { outcomeCounts, plannedItemEvents, reportPages } from './plan/restore-batch';
import { RestoreRecorder, restoreMetadata } from './restore-recorder';
import { removeUploads, type UploadedFile } from './upload/receive-upload';
import type { OnConflict, RestoreFile } from './domain/restore.events';

export interface ItemRestoreOptions {
  dryRun: boolean;
  onConflict: OnConflict;
}

export interface ItemRestoreReport {
  restoreId: string;
  kind: 'items';
  dryRun: boolean;
  position: string;
  files: RestoreFile[];
  counts: Record<string, number>;
}

/**
 * Item restores (SPEC §5): parse every file in the worker pool into a scratch database, plan
 * under the write gate, and commit everything that loads — with the restore's record — as one
 * staged batch. The restore's id is the correlation id of every event it writes.
 */
@Injectable()
export class RestoreService {
  private readonly logger = new Logger('Restore');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
    private readonly projector: Projector,
    private readonly gate: WriteGate,
    private readonly items: ItemQueries,
    private readonly parser: BackupParser,
    private readonly recorder: RestoreRecorder,
  ) {}

  /** Records the start of a restore of these uploads; returns its id. */
  async start(uploads: UploadedFile[], actor: Actor, options: ItemRestoreOptions): Promise<string> {
    try {
      this.gate.assertWritable();
      const { id } = await this.recorder.begin('items', actor, {
        dryRun: options.dryRun,
        options: { onConflict: options.onConflict },
        files: uploads.map((u) => ({ name: u.name, format: null, bytes: u.bytes, sha256: u.sha256 })),
      });
      return id;
    } catch (error) {
      removeUploads(uploads);
      throw error;
    }
  }

  /** Runs a started restore to its end; the uploads are removed whatever happens. */
  async run(id: string, uploads: UploadedFile[], actor: Actor, options: ItemRestoreOptions): Promise<ItemRestoreReport> {
    const metadata = restoreMetadata(id, actor);
    const scratch = new RestoreScratch(path.join(this.config.dataDir, 'tmp', `restore-${id}.db`));
    const files: RestoreFile[] = uploads.map((u) => ({ name: u.name, format: null, bytes: u.bytes, sha256: u.sha256 }));
    try {
      const planned: PlannedFile[] = [];
      for (const [index, upload] of uploads.entries()) {
        const format = await this.parseInto(scratch, index, upload);
        files[index].format = format;
        planned.push({ name: upload.name, format });
      }
      return await this.gate.run(() => this.planAndCommit(id, scratch, planned, files, actor, options, metadata));
    } catch (error) {
      const message = error instanceof InvalidBackupError ? `${error.message}` : (error as Error).message;
      await this.recorder.failed(id, message, metadata, files).catch((e) => this.logger.error(`recording failure: ${e}`));
      if (error instanceof InvalidBackupError) throw new DomainError(error.code, error.message);
      throw error;
    } finally {
      scratch.close();
      removeUploads(uploads);
    }
  }

  /** Parses one upload in the worker pool into the scratch database; returns its format. */
  private async parseInto(scratch: RestoreScratch, index: number, upload: UploadedFile): Promise<BackupFormat> {
    const chunks = this.parser.parse(upload.path);
    try {
      for (;;) {
        const next = await chunks.next();
        if (next.done) return next.value.format;
        if (next.value.kind === 'items') scratch.addParsed(index, next.value.items);
      }
    } catch (error) {
      if (error instanceof InvalidBackupError) throw new InvalidBackupError(`"${upload.name}": ${error.message}`, error.code);
      throw error;
    }
  }

  private async planAndCommit(
    id: string,
    scratch: RestoreScratch,
    planned: PlannedFile[],
    files: RestoreFile[],
    actor: Actor,
    options: ItemRestoreOptions,
    metadata: EventMetadata,
  ): Promise<ItemRestoreReport> {
    await new RestorePlanner(scratch, planned, this.items, options.onConflict, randomUUID).plan();
    const counts = outcomeCounts(scratch.db);
    const names = planned.map((f) => f.name);

    const batch = await this.store.stage();
    try {
      if (!options.dryRun) {
        for await (const events of plannedItemEvents(scratch, metadata, { userName: actor.userName, at: metadata.at })) {
          await batch.add(events);
          await yieldToEventLoop();
        }
      }
      let reported = 0;
      for (const page of reportPages(scratch, names)) {
        await batch.add(this.recorder.reportEvents(id, reported, page, metadata));
        reported += page.length;
      }
      await batch.add([
        this.recorder.finished(id, { status: 'succeeded', finishedAt: new Date().toISOString(), counts, files }, metadata),
      ]);
      const { lastPosition } = await batch.commit({ expected: this.expectations(scratch) });
      await this.projector.waitFor(lastPosition);
      return { restoreId: id, kind: 'items', dryRun: options.dryRun, position: lastPosition.toString(), files, counts };
    } catch (error) {
      await batch.discard();
      throw error;
    }
  }

  /** Replaced items must still be at the revision the plan saw. */
  private expectations(scratch: RestoreScratch): Map<string, ExpectedRevision> {
    const rows = scratch.db.prepare("SELECT id, base_revision FROM outcome WHERE status = 'replaced'").all() as {
      id: string;
      base_revision: number;
    }[];
    return new Map(rows.map((r) => [`item-${r.id}`, BigInt(r.base_revision)]));
  }

}
