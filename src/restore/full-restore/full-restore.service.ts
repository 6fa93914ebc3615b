import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { EVENT_STORE, EventStore } from '../../event-store/event-store';
import { STRATA_CONFIG, type StrataConfig } from '../../config/config';
import { DomainError } from '../../common/errors';
import { yieldToEventLoop } from '../../common/yield';
import { faultPoint } from '../../common/fault-points';
import { Projector } from '../../read-model/projector';
import { ViewDatabase } from '../../read-model/view-database';
import { ContentFactsFile } from '../../read-model/content-facts-file';
import { WriteGate } from '../../core/write-gate';
import { HeldClaim, RepositoryClaims } from '../../core/repository-claim';
import type { Actor } from '../../core/command-meta';
import { FolderPaths } from '../../repository/queries/folder-paths';
import { InvalidBackupError } from '../../../workers/parsing/parsed-item';
import { BackupParser } from '../parsing/backup-parser.provider';
import { ScratchFile } from '../scratch-file';
import { RestoreRecorder, restoreMetadata } from '../restore-recorder';
import { RestoreProgress, RestoreProgressRegistry } from '../restore-progress';
import { removeUploads, type UploadedFile } from '../upload/receive-upload';
import { restoreStreamId, type BackupFacts, type RestoreFile } from '../domain/restore.events';
import type { ParsedHeader } from '../../../workers/parsing/parsed-item';
import { CompensatingBatch } from './compensating-batch';
import { RepositoryCounts, RepositoryDiff } from '../repository-diff';

export interface RepositoryRestoreResult {
  restoreId: string;
  kind: 'repository';
  dryRun: boolean;
  position: string;
  counts: RepositoryCounts;
  backup: BackupFacts;
}

export interface RepositoryRestoreOptions {
  dryRun: boolean;
  /** Take a backup whose scope is not `repository` (SPEC §6): without it, such a backup is refused. */
  allowItemScope: boolean;
}

/**
 * Full-repository restores (SPEC §6): the repository becomes exactly the backup, matching by id,
 * as ONE compensating staged batch, while every other write is refused (RESTORE_IN_PROGRESS):
 * on this instance by the write gate, on every instance by the repository's claim in the log,
 * taken before the restore is recorded and released by its batch (see RepositoryClaims).
 */
@Injectable()
export class FullRestoreService {
  /** Claims taken by start() for run(). */
  private readonly held = new Map<string, HeldClaim>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
    private readonly view: ViewDatabase,
    private readonly projector: Projector,
    private readonly gate: WriteGate,
    private readonly parser: BackupParser,
    private readonly recorder: RestoreRecorder,
    private readonly progress: RestoreProgressRegistry,
    private readonly claims: RepositoryClaims,
  ) {}

  async start(upload: UploadedFile, actor: Actor, { dryRun, allowItemScope }: RepositoryRestoreOptions): Promise<string> {
    let claim: HeldClaim | undefined;
    try {
      this.gate.assertWritable();
      const id = randomUUID();
      claim = await this.claims.claim(id, restoreMetadata(id, actor));
      const files = [{ name: upload.name, format: null, bytes: upload.bytes, sha256: upload.sha256 }];
      const options = allowItemScope ? { allowItemScope } : {};
      await this.recorder.begin('repository', actor, { dryRun, options, files }, id);
      this.held.set(id, claim);
      return id;
    } catch (error) {
      await claim?.release();
      removeUploads([upload]);
      throw error;
    }
  }

  run(id: string, upload: UploadedFile, actor: Actor, options: RepositoryRestoreOptions): Promise<RepositoryRestoreResult> {
    const { dryRun } = options;
    const claim = this.held.get(id);
    this.held.delete(id);
    if (!claim) throw new Error(`repository restore ${id} was not started`);
    const metadata = restoreMetadata(id, actor);
    const progress = this.progress.begin(id, upload.bytes);
    const file: RestoreFile = { name: upload.name, format: null, bytes: upload.bytes, sha256: upload.sha256 };
    const facts: BackupFacts = { scope: null, createdAt: null, createdBy: null, position: null, items: 0 };
    const work = async () => {
      await faultPoint('after-upload');
      // The diff reads the read model: it must show the whole log before the restore.
      await this.projector.waitFor(await this.store.headPosition());
      // Exclusive: the gate keeps every other write out until the batch ends (see StageOptions).
      const staged = await this.store.stage({ exclusive: true });
      let scratch: ScratchFile | undefined;
      let diff: RepositoryDiff | undefined;
      let contentFacts: ContentFactsFile | null = null;
      try {
        scratch = new ScratchFile(path.join(this.config.dataDir, 'tmp', `restore-${id}.db`));
        diff = new RepositoryDiff(scratch, this.view.file);
        const paths = new FolderPaths(this.view.db).cache();
        contentFacts = dryRun ? null : new ContentFactsFile(path.join(this.config.dataDir, 'tmp', `restore-${id}.facts.db`), id);
        const batch = new CompensatingBatch(staged, this.recorder, id, metadata, dryRun, file.name, paths, contentFacts);
        file.format = await this.read(diff, batch, upload, progress, (header) => {
          Object.assign(facts, factsOf(header));
          file.backup = facts;
          assertRepositoryScope(header, options.allowItemScope);
        });
        facts.items = progress.itemsRead;
        // Read: the upload is not needed again, and gone now its pages are never written back.
        removeUploads([upload]);
        progress.phase = 'planning';
        for (const changes of diff.heldBack()) {
          await batch.change(changes);
          await yieldToEventLoop();
        }
        const problems = diff.problems();
        if (problems.length > 0) {
          throw new DomainError('INVALID_BACKUP', `the backup cannot become the repository: ${problems.join('; ')}`, { problems });
        }
        for (const page of diff.deletions()) {
          await batch.deleteAll(page);
          await faultPoint('mid-staging');
          await yieldToEventLoop();
        }
        const counts = diff.counts(batch.deletions);
        progress.phase = 'committing';
        const finished = { status: 'succeeded' as const, finishedAt: new Date().toISOString(), counts: { ...counts }, files: [file] };
        await staged.add([this.recorder.finished(id, finished, metadata)]);
        await faultPoint('before-commit');
        if (contentFacts) this.projector.useContentFacts(contentFacts);
        // The claim's release is in the batch; the record must still be only started.
        const { lastPosition } = await claim.commit(staged, { expected: new Map([[restoreStreamId(id), 0n]]) });
        // Nothing reads the scratch file after the commit: closed before the projection, the
        // restore's peak of memory, and gone before its pages are written back.
        scratch.close();
        await faultPoint('after-commit');
        progress.phase = 'projecting';
        await this.projector.waitFor(lastPosition);
        progress.phase = 'done';
        return { restoreId: id, kind: 'repository' as const, dryRun, position: lastPosition.toString(), counts, backup: facts };
      } catch (error) {
        await staged.discard();
        throw error;
      } finally {
        diff?.close();
        scratch?.close();
        this.projector.dropContentFacts(id);
        contentFacts?.close();
      }
    };
    return this.gate
      .exclusive(id, work)
      .catch(async (error: Error) => {
        await claim.release();
        await this.recorder.failed(id, error.message, metadata, [file]);
        if (error instanceof InvalidBackupError) throw new DomainError(error.code, error.message);
        throw error;
      })
      .finally(() => {
        this.progress.end(id);
        removeUploads([upload]);
      });
  }

  /**
   * Reads the backup on two workers (parsing is most of the reading's work, and the thread that
   * diffs and stages keeps up with two), staging each chunk's changes as it comes.
   */
  private async read(
    diff: RepositoryDiff,
    batch: CompensatingBatch,
    upload: UploadedFile,
    progress: RestoreProgress,
    onHeader: (header: ParsedHeader) => void,
  ): Promise<string> {
    const chunks = this.parser.parse(upload.path, { prepare: 'repository', readers: 2 });
    for (;;) {
      const next = await chunks.next();
      if (!next.done && next.value.kind === 'header') {
        try {
          onHeader(next.value.header);
        } catch (error) {
          await chunks.return(undefined as never); // stops the workers: nothing more is read
          throw error;
        }
      }
      if (next.done) {
        if (next.value.format !== 'strata-json') throw notStrataJson();
        progress.bytesRead = upload.bytes;
        return next.value.format;
      }
      if (next.value.kind !== 'prepared') continue;
      await batch.change(diff.add(next.value.items));
      await faultPoint('mid-parse');
      progress.itemsRead += next.value.items.length;
      // Two readers read the file at their own pace: progress is the further one's.
      progress.bytesRead = Math.max(progress.bytesRead, next.value.bytesRead);
    }
  }
}

function factsOf(header: ParsedHeader): Omit<BackupFacts, 'items'> {
  return { scope: header.scope ?? null, createdAt: header.createdAt ?? null, createdBy: header.createdBy ?? null, position: header.position ?? null };
}

/**
 * SPEC §6: restoring an item backup as the whole repository would delete everything it does not
 * hold, so a backup that does not say `"scope":"repository"` is refused unless the caller says
 * so. Strata writes the header first, so this usually refuses before any item is read; a file with
 * its header after the items is refused once that is read, before anything is committed.
 */
function assertRepositoryScope(header: ParsedHeader, allowItemScope: boolean): void {
  if (header.format !== 'strata-json') throw notStrataJson();
  if (header.scope === 'repository' || allowItemScope) return;
  const scope = header.scope === undefined ? 'no "scope"' : `"scope":"${header.scope}"`;
  const who = [header.createdBy && `by ${header.createdBy}`, header.createdAt && `on ${header.createdAt}`].filter(Boolean).join(' ');
  throw new DomainError(
    'INVALID_BACKUP',
    `this backup${who ? ` (made ${who})` : ''} has ${scope}, not "scope":"repository": restoring it as the whole repository would delete every item it does not hold. ` +
      'Restore its items with POST /api/restores, or send allowItemScope=true to make the repository exactly this backup.',
    { scope: header.scope ?? null },
  );
}

function notStrataJson(): InvalidBackupError {
  return new InvalidBackupError('a repository restore needs a Strata JSON backup: items are matched by id', 'UNSUPPORTED_FORMAT');
}
