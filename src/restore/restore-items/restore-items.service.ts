import { Inject, Injectable, Logger } from '@nestjs/common';
import path from 'node:path';
import {
  EVENT_STORE,
  EventMetadata,
  EventStore,
  EventTooLargeError,
  ExpectedRevision,
  HEAD_STREAM,
  StagedBatch,
  WrongExpectedRevisionError,
} from '../../event-store/event-store';
import { STRATA_CONFIG, type StrataConfig } from '../../config/config';
import { DomainError } from '../../common/errors';
import { yieldToEventLoop } from '../../common/yield';
import { faultPoint } from '../../common/fault-points';
import { Projector } from '../../read-model/projector';
import { newItemId } from '../../repository/domain/item-id';
import { WriteGate } from '../../core/write-gate';
import { CLAIM_STREAM, RepositoryClaims } from '../../core/repository-claim';
import type { Actor } from '../../core/command-meta';
import { ItemQueries } from '../../repository/queries/item-queries';
import { InvalidBackupError, type BackupFormat } from '../../../workers/parsing/parsed-item';
import { BackupParser } from '../parsing/backup-parser.provider';
import { RestoreScratch } from '../plan/restore-scratch';
import { PlannedFile, RestorePlanner } from '../plan/restore-planner';
import { outcomeCounts, plannedItemEvents, reportPages } from '../plan/restore-batch';
import { ContentFactsFile } from '../../read-model/content-facts-file';
import { nameTakenSince } from '../plan/names-since';
import { RestoreRecorder, restoreMetadata } from '../restore-recorder';
import { removeUploads, type UploadedFile } from '../upload/receive-upload';
import { restoreStreamId, type OnConflict, type RestoreFile } from '../domain/restore.events';

/** Times an item restore is committed again after another instance wrote while it was planned. */
const COMMIT_ATTEMPTS = 5;

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
export class RestoreItemsService {
  private readonly logger = new Logger('Restore');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
    private readonly projector: Projector,
    private readonly gate: WriteGate,
    private readonly items: ItemQueries,
    private readonly parser: BackupParser,
    private readonly recorder: RestoreRecorder,
    private readonly claims: RepositoryClaims,
  ) {}

  /** Records the start of a restore of these uploads; returns its id. */
  async start(uploads: UploadedFile[], actor: Actor, options: ItemRestoreOptions): Promise<string> {
    try {
      this.gate.assertWritable();
      await this.claims.expectFree(); // a full restore on any instance: refused before anything is read
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
      await faultPoint('after-upload');
      const planned: PlannedFile[] = [];
      for (const [index, upload] of uploads.entries()) {
        const format = await this.parseInto(scratch, index, upload);
        files[index].format = format;
        planned.push({ name: upload.name, format });
      }
      // Read: the uploads are not needed again, and gone now their pages are never written back.
      removeUploads(uploads);
      return await this.gate.run(() => this.planAndCommit(id, scratch, planned, files, actor, options, metadata));
    } catch (error) {
      const message = error instanceof InvalidBackupError ? `${error.message}` : (error as Error).message;
      await this.recorder.failed(id, message, metadata, files).catch((e) => this.logger.error(`recording failure: ${e}`));
      if (error instanceof InvalidBackupError) throw new DomainError(error.code, error.message);
      // Checked items fit (see sizeProblem); this is the store's own check, for anything else.
      if (error instanceof EventTooLargeError) throw new DomainError('PAYLOAD_TOO_LARGE', error.message);
      throw error;
    } finally {
      scratch.close();
      removeUploads(uploads);
    }
  }

  /** Parses one upload in the worker pool into the scratch database; returns its format. */
  private async parseInto(scratch: RestoreScratch, index: number, upload: UploadedFile): Promise<BackupFormat> {
    // Two workers read a Strata JSON backup in our layout at once, each making every other chunk ready.
    const chunks = this.parser.parse(upload.path, { prepare: 'items', readers: 2 });
    try {
      for (;;) {
        const next = await chunks.next();
        if (next.done) return next.value.format;
        if (next.value.kind !== 'restore') continue;
        scratch.addItems(index, next.value.items);
        await faultPoint('mid-parse');
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
    // The plan reads the read model: it must show the whole log, and the commit expects that head.
    const head = await this.store.headPosition();
    await this.projector.waitFor(head);
    await new RestorePlanner(scratch, planned, this.items, options.onConflict, newItemId).plan();
    const counts = outcomeCounts(scratch.db);
    const names = planned.map((f) => f.name);

    // Exclusive: this instance's writes wait for the gate meanwhile; on the embedded log the batch
    // is written once, straight into it, and the log's other appends (restores' records) wait.
    const batch = await this.store.stage({ exclusive: true });
    const facts = options.dryRun ? null : new ContentFactsFile(path.join(this.config.dataDir, 'tmp', `restore-${id}.facts.db`), id);
    try {
      if (facts) {
        for await (const page of plannedItemEvents(scratch, metadata, { userName: actor.userName, at: metadata.at })) {
          await batch.add(page.events);
          facts.add(page.facts);
          await faultPoint('mid-staging');
          await yieldToEventLoop();
        }
        this.projector.useContentFacts(facts);
      }
      let reported = 0;
      for (const page of reportPages(scratch, names)) {
        await batch.add(this.recorder.reportEvents(id, reported, page, metadata));
        reported += page.length;
      }
      await batch.add([this.recorder.finished(id, { status: 'succeeded', finishedAt: new Date().toISOString(), counts, files }, metadata)]);
      await faultPoint('before-commit');
      const { lastPosition } = await this.commit(batch, scratch, id, head);
      // Nothing reads the scratch files after the commit: closed before the projection, the
      // restore's peak of memory, and gone before their pages are written back.
      scratch.close();
      await faultPoint('after-commit');
      await this.projector.waitFor(lastPosition);
      return { restoreId: id, kind: 'items', dryRun: options.dryRun, position: lastPosition.toString(), files, counts };
    } catch (error) {
      await batch.discard();
      throw error;
    } finally {
      this.projector.dropContentFacts(id);
      facts?.close();
    }
  }

  /**
   * Commits expecting what the plan saw: replaced items at their revisions, the record only
   * started, the repository unclaimed (no full restore began meanwhile, on any instance), and the
   * log's head, for the names it gives. Whatever was appended since the plan (other restores'
   * records; on EventStoreDB, other instances' writes) is checked first for the names the restore
   * gives, and the commit expects the head after it; if the head moves again before the commit
   * (only on EventStoreDB: on the embedded log the batch holds the log), the same is done again.
   */
  private async commit(batch: StagedBatch, scratch: RestoreScratch, id: string, planned: bigint) {
    let head = planned;
    for (let attempt = 1; ; attempt++) {
      head = await this.headWithNamesFree(scratch, head);
      const claim = await this.claims.expectFree();
      try {
        return await batch.commit({ expected: this.expectations(scratch, id, claim), expectedHead: head });
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (error.streamId === CLAIM_STREAM) await this.claims.expectFree(); // RESTORE_IN_PROGRESS
        if (error.streamId !== HEAD_STREAM && error.streamId !== CLAIM_STREAM) {
          throw new DomainError('CONFLICT', `${error.streamId} changed while the restore was planned; run it again`);
        }
        if (attempt >= COMMIT_ATTEMPTS) throw new DomainError('CONFLICT', 'the repository kept changing while the restore was committed; run it again');
      }
    }
  }

  /** The log's head, once what was written after `head` is known to give none of the restore's names. */
  private async headWithNamesFree(scratch: RestoreScratch, head: bigint): Promise<bigint> {
    const now = await this.store.headPosition();
    if (now === head) return head;
    await this.projector.waitFor(now);
    const clash = await nameTakenSince(this.store, this.items, scratch, head);
    if (clash) throw new DomainError('CONFLICT', `${clash}: run the restore again`);
    return now;
  }

  /**
   * The record only started, the repository unclaimed, and replaced items still at the revision
   * the plan saw: read from the scratch file as the store checks them (a million replaced items
   * are never a million entries in memory).
   */
  private *expectations(scratch: RestoreScratch, id: string, claim: readonly [string, ExpectedRevision]): Generator<[string, ExpectedRevision]> {
    yield [restoreStreamId(id), 0n];
    yield [claim[0], claim[1]];
    const replaced = scratch.db.prepare("SELECT id, base_revision FROM outcome WHERE status = 'replaced'");
    for (const row of replaced.iterate() as Iterable<{ id: string; base_revision: number }>) yield [`item-${row.id}`, BigInt(row.base_revision)];
  }
}
