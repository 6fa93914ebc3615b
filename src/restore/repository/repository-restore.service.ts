import { Inject, Injectable } from '@nestjs/common';
import path from 'node:path';
import { EVENT_STORE, EventStore, EventMetadata, NewEvent, StagedBatch } from '../../event-store/event-store';
import { STRATA_CONFIG, type StrataConfig } from '../../config/config';
import { DomainError } from '../../common/errors';
import { yieldToEventLoop } from '../../common/yield';
import { Projector } from '../../read-model/projector';
import { ViewDatabase } from '../../read-model/view-database';
import { WriteGate } from '../../core/write-gate';
import type { Actor } from '../../core/command-meta';
import { ItemType } from '../../repository/domain/item';
import { itemStreamId } from '../../repository/domain/item.events';
import { FolderPaths, joinPath } from '../../repository/queries/folder-paths';
import { stripSecretsAndFiles } from '../../secrets/strip-secrets';
import { InvalidBackupError, type ParsedItem } from '../../../workers/parsing/parsed-item';
import { BackupParser } from '../parsing/backup-parser.provider';
import { RestoreScratch } from '../plan/restore-scratch';
import { created } from '../plan/restore-batch';
import { RestoreRecorder, restoreMetadata } from '../restore-recorder';
import { RestoreProgress, RestoreProgressRegistry } from '../restore-progress';
import { removeUploads, type UploadedFile } from '../upload/receive-upload';
import type { ReportItem, RestoreFile } from '../domain/restore.events';
import { RepositoryCounts, RepositoryDiff } from './repository-diff';

export interface RepositoryRestoreResult {
  restoreId: string;
  kind: 'repository';
  dryRun: boolean;
  position: string;
  counts: RepositoryCounts;
}

/**
 * Full-repository restores (SPEC §6): the repository becomes exactly the backup, matching by id,
 * as ONE compensating staged batch, while every other write is refused (RESTORE_IN_PROGRESS).
 */
@Injectable()
export class RepositoryRestoreService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
    private readonly view: ViewDatabase,
    private readonly projector: Projector,
    private readonly gate: WriteGate,
    private readonly parser: BackupParser,
    private readonly recorder: RestoreRecorder,
    private readonly progress: RestoreProgressRegistry,
  ) {}

  async start(upload: UploadedFile, actor: Actor, dryRun: boolean): Promise<string> {
    try {
      this.gate.assertWritable();
      const files = [{ name: upload.name, format: null, bytes: upload.bytes, sha256: upload.sha256 }];
      return (await this.recorder.begin('repository', actor, { dryRun, options: {}, files })).id;
    } catch (error) {
      removeUploads([upload]);
      throw error;
    }
  }

  run(id: string, upload: UploadedFile, actor: Actor, dryRun: boolean): Promise<RepositoryRestoreResult> {
    const metadata = restoreMetadata(id, actor);
    const progress = this.progress.begin(id, upload.bytes);
    const file: RestoreFile = { name: upload.name, format: null, bytes: upload.bytes, sha256: upload.sha256 };
    const work = async () => {
      const scratch = new RestoreScratch(path.join(this.config.dataDir, 'tmp', `restore-${id}.db`));
      try {
        file.format = await this.parse(scratch, upload, progress);
        progress.phase = 'planning';
        return await this.planAndCommit(id, scratch, metadata, dryRun, progress, [file]);
      } finally {
        scratch.close();
      }
    };
    return this.gate
      .exclusive(id, work)
      .catch(async (error: Error) => {
        await this.recorder.failed(id, error.message, metadata, [file]);
        if (error instanceof InvalidBackupError) throw new DomainError(error.code, error.message);
        throw error;
      })
      .finally(() => {
        this.progress.end(id);
        removeUploads([upload]);
      });
  }

  private async parse(scratch: RestoreScratch, upload: UploadedFile, progress: RestoreProgress): Promise<string> {
    const chunks = this.parser.parse(upload.path);
    for (;;) {
      const next = await chunks.next();
      if (next.done) {
        if (next.value.format !== 'strata-json') {
          throw new InvalidBackupError('a repository restore needs a Strata JSON backup: items are matched by id', 'UNSUPPORTED_FORMAT');
        }
        progress.bytesRead = upload.bytes;
        return next.value.format;
      }
      if (next.value.kind !== 'items') continue;
      scratch.addParsed(0, next.value.items);
      progress.itemsRead += next.value.items.length;
      progress.bytesRead = next.value.bytesRead;
    }
  }

  private async planAndCommit(
    id: string,
    scratch: RestoreScratch,
    metadata: EventMetadata,
    dryRun: boolean,
    progress: RestoreProgress,
    files: RestoreFile[],
  ): Promise<RepositoryRestoreResult> {
    const diff = new RepositoryDiff(scratch, this.view.file);
    try {
      const problems = await diff.prepare();
      if (problems.length > 0) {
        throw new DomainError('INVALID_BACKUP', `the backup cannot become the repository: ${problems.join('; ')}`, { problems });
      }
      const counts = diff.counts();
      progress.phase = 'committing';
      const batch = await this.store.stage();
      try {
        let reported = 0;
        const paths = new FolderPaths(this.view.db).cache();
        for (const page of diff.deletions()) {
          const report = page.map((d): ReportItem => {
            const path = paths.pathOf(d.folderId, d.name);
            return { file: files[0].name, sourcePath: path, type: d.type, status: 'deleted', id: d.id, path, warnings: [] };
          });
          if (!dryRun) await batch.add(page.map((d) => event(d.id, { type: 'ItemDeleted', data: {} }, metadata)));
          reported = await this.report(batch, id, reported, report, metadata);
          await yieldToEventLoop();
        }
        for (const page of diff.changes()) {
          const items = page.map((row) => ({ row, item: JSON.parse(row.body) as ParsedItem }));
          const folderIds = this.folderIdsOf(scratch, items.map((i) => i.item));
          if (!dryRun) await batch.add(items.map(({ row, item }) => this.changeEvent(row.change, item, folderIds, metadata)));
          const report = items.map(({ row, item }): ReportItem => ({
            file: files[0].name,
            sourceId: item.sourceId,
            sourcePath: joinPath(item.folderPath, item.name),
            type: item.type,
            status: row.change,
            id: item.sourceId,
            path: joinPath(item.folderPath, item.name),
            warnings: [],
          }));
          reported = await this.report(batch, id, reported, report, metadata);
          await yieldToEventLoop();
        }
        await batch.add([
          this.recorder.finished(id, { status: 'succeeded', finishedAt: new Date().toISOString(), counts: { ...counts }, files }, metadata),
        ]);
        const { lastPosition } = await batch.commit();
        progress.phase = 'projecting';
        await this.projector.waitFor(lastPosition);
        progress.phase = 'done';
        return { restoreId: id, kind: 'repository', dryRun, position: lastPosition.toString(), counts };
      } catch (error) {
        await batch.discard();
        throw error;
      }
    } finally {
      diff.close();
    }
  }

  private async report(batch: StagedBatch, id: string, from: number, items: ReportItem[], metadata: EventMetadata): Promise<number> {
    await batch.add(this.recorder.reportEvents(id, from, items, metadata));
    return from + items.length;
  }

  private folderIdsOf(scratch: RestoreScratch, items: ParsedItem[]): Map<string, string | null> {
    const lookup = scratch.db.prepare('SELECT id FROM backup_folders WHERE path = ?');
    const ids = new Map<string, string | null>([['/', null]]);
    for (const item of items) {
      if (!ids.has(item.folderPath)) ids.set(item.folderPath, (lookup.get(item.folderPath) as { id: string }).id);
    }
    return ids;
  }

  private changeEvent(change: 'created' | 'replaced', item: ParsedItem, folderIds: Map<string, string | null>, metadata: EventMetadata): NewEvent {
    const type = item.type as ItemType;
    const content = type === 'datastore' ? stripSecretsAndFiles(item.content) : item.content;
    const author = { userName: metadata.userName, at: metadata.at };
    const data = created(item.sourceId, type, item.name, folderIds.get(item.folderPath) ?? null, content, item, author).data;
    if (change === 'created') return event(item.sourceId, { type: 'ItemCreated', data }, metadata);
    const { id: _id, itemType: _type, ...replacement } = data;
    return event(item.sourceId, { type: 'ItemReplaced', data: replacement }, metadata);
  }
}

function event(id: string, e: { type: string; data: unknown }, metadata: EventMetadata): NewEvent {
  return { streamId: itemStreamId(id), type: e.type, data: e.data, metadata };
}
