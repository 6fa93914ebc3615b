/**
 * Events of a restore's stream (`restore-<id>`): the audit record of who restored what and when.
 * The report and the finish are appended in the same batch as the restored items' events, so
 * the record and the repository agree after a crash at any point.
 */
export type RestoreKind = 'items' | 'repository' | 'rollback';
export type RestoreStatus = 'running' | 'succeeded' | 'failed';
export type OnConflict = 'rename' | 'replace' | 'skip';

export interface RestoreFile {
  name: string;
  format: string | null;
  bytes: number;
  sha256: string;
  /** What a Strata JSON backup says of itself, recorded by full restores (absent in older records). */
  backup?: BackupFacts;
}

/**
 * A backup's own header and size, as a full restore read them: what every confirmation shows
 * (scope, when, by whom, how many items) before the repository is made the backup.
 */
export interface BackupFacts {
  scope: string | null;
  createdAt: string | null;
  createdBy: string | null;
  position: string | null;
  items: number;
}

/**
 * The options a rollback records in RestoreStarted: the position it goes back to and that
 * position's commit time (`at`: older records have only `position`), and the time asked for.
 */
export interface RollbackOptions {
  position: string;
  at?: string | null;
  asOf?: string;
}

/** Item restores: ok…failed; full restores and rollbacks: created, replaced, deleted. */
export type ItemOutcome = 'ok' | 'renamed' | 'replaced' | 'skipped' | 'failed' | 'created' | 'deleted';

export interface ReportItem {
  file: string;
  sourceId?: string;
  sourcePath: string;
  type: string;
  status: ItemOutcome;
  id?: string;
  path?: string;
  reason?: string;
  warnings: string[];
  /** An `ok` folder that already existed: the restore merged into it rather than restoring it. */
  existing?: true;
}

export type RestoreCounts = Record<string, number>;

export type RestoreEvent =
  | {
      type: 'RestoreStarted';
      data: {
        id: string;
        kind: RestoreKind;
        userId: string;
        userName: string;
        startedAt: string;
        dryRun: boolean;
        options: Record<string, unknown>;
        files: RestoreFile[];
        /** The service instance running it (absent in records written before instances were named). */
        instance?: string;
      };
    }
  /** Per-item outcomes, in bounded chunks, in file order. */
  | { type: 'RestoreItemsReported'; data: { fromIndex: number; items: ReportItem[] } }
  | {
      type: 'RestoreFinished';
      data: {
        status: Exclude<RestoreStatus, 'running'>;
        finishedAt: string;
        counts: RestoreCounts;
        files?: RestoreFile[];
        error?: string;
      };
    };

export const restoreStreamId = (id: string) => `restore-${id}`;
export const isRestoreStream = (streamId: string) => streamId.startsWith('restore-');
