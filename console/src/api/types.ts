/** The shapes of SPEC.md that the console reads. */
export type ItemType = 'folder' | 'datastore' | 'discovery-spec' | 'rule' | 'rule-template' | 'action' | 'action-template' | 'action-map' | 'session';

export type Role = 'user' | 'admin';

export interface Me {
  id: string;
  name: string;
  role: Role;
}

export interface User extends Me {
  token?: string;
}

export interface Param {
  name: string;
  datatype: string;
  value: string | null;
  displayValue?: string;
  isSet?: boolean;
}

export interface Item {
  id: string;
  type: ItemType;
  name: string;
  folderId: string | null;
  path: string;
  description: string;
  comments: string;
  content: Record<string, unknown>;
  version: number;
  createdBy: string;
  createdAt: string;
  lastEditedBy: string;
  lastEditedAt: string;
  complete?: boolean;
  needs?: ('password' | 'files')[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Outcome = 'ok' | 'renamed' | 'replaced' | 'skipped' | 'failed' | 'created' | 'deleted';

export interface ReportItem {
  file: string;
  sourceId?: string;
  sourcePath: string;
  type: string;
  status: Outcome;
  id?: string;
  path?: string;
  reason?: string;
  warnings: string[];
  /** An `ok` folder that already existed: merged into, not restored. */
  existing?: true;
}

export interface BackupFacts {
  scope: string | null;
  createdAt: string | null;
  createdBy: string | null;
  position: string | null;
  items: number;
}

export interface RestoreFile {
  name: string;
  format: string | null;
  bytes: number;
  sha256: string;
  backup?: BackupFacts;
}

export interface RestoreReport {
  restoreId: string;
  kind: 'items';
  dryRun: boolean;
  position: string;
  files: RestoreFile[];
  counts: Record<string, number>;
  items: ReportItem[];
}

export interface Progress {
  phase: 'receiving' | 'parsing' | 'planning' | 'committing' | 'projecting' | 'done';
  bytesRead: number;
  bytesTotal: number;
  itemsRead: number;
}

export type RestoreKind = 'items' | 'repository' | 'rollback';

export interface RestoreRecord {
  id: string;
  kind: RestoreKind;
  user: { id: string; name: string };
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'succeeded' | 'failed';
  dryRun: boolean;
  options: Record<string, unknown>;
  files: RestoreFile[];
  counts: Record<string, number>;
  position: string | null;
  error?: string;
  progress?: Progress;
  rolledBackTo?: { position: string; at: string | null };
}

/** Full restores and rollbacks answer with counts; the outcomes are at /api/restores/:id/items. */
export interface RepositoryChange {
  restoreId: string;
  kind: 'repository' | 'rollback';
  dryRun?: boolean;
  position: string;
  counts: { created: number; replaced: number; deleted: number; unchanged: number };
  backup?: BackupFacts;
  rolledBackTo?: string;
  rolledBackToAt?: string | null;
}

export interface HistoryEntry {
  position: string;
  at: string;
  by: string;
  change: string;
  detail?: Record<string, unknown>;
  restoreId?: string;
}

export interface StoredFile {
  name: string;
  size: number;
  sha256: string;
}
