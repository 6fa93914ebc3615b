/**
 * What the backup readers produce: plain items as they are in the file, references still in the
 * file's terms (Strata JSON: the backed-up item ids; legacy XML: `TYPE://path` URIs; ArcGIS XML
 * keeps none). The restore planner (main thread) gives them new ids and rewires references.
 * Readers are pure: no Nest, no database.
 */

import type { ItemMetadata } from '../../src/repository/domain/item';

export interface ParseProblem {
  code: string;
  message: string;
}

export interface ParsedItem extends ItemMetadata {
  /** Position of the item in the file (0-based, file order). */
  index: number;
  /** The item's identity in the file: its id (Strata JSON), its URI (legacy XML), '' (ArcGIS XML: none). */
  sourceId: string;
  /** The item's type; an unknown type is passed through as found, for the planner to report. */
  type: string;
  /**
   * Path of the containing folder, `/` for the root (legacy XML: type-root folder removed;
   * ArcGIS XML: the rule set is the top folder).
   */
  folderPath: string;
  /** Content as in SPEC §3, references in the file's terms. */
  content: Record<string, unknown>;
  /** Problems found while reading this item (the item then fails, the rest goes on). */
  problems: ParseProblem[];
  /** What the restore report should say about the item even though it loads (legacy XML: content kept unmodelled). */
  warnings?: string[];
  /**
   * Set when the file holds something that is deliberately not imported (1Integrate for ArcGIS:
   * quick rules, quick actions, schemas): the planner reports the item `skipped` with this reason,
   * loads nothing for it, and nothing may depend on it. `type` is then the file's own kind
   * (`quick-rule`, …), not an item type.
   */
  skip?: string;
}

export type BackupFormat = 'strata-json' | '1integrate-xml' | 'arcgis-rules' | 'arcgis-xml';

/** Header facts of a file (Strata JSON header; legacy XML has none beyond its root). */
export interface ParsedHeader {
  format: BackupFormat;
  scope?: 'items' | 'repository';
  createdAt?: string;
  createdBy?: string;
  position?: string;
}

/**
 * The file is not a backup at all (not JSON/XML, truncated, wrong root, DTD/entities): the whole
 * request fails with 422 and this message, which says where parsing stopped.
 */
export class InvalidBackupError extends Error {
  constructor(
    message: string,
    readonly code: 'INVALID_BACKUP' | 'UNSUPPORTED_FORMAT' = 'INVALID_BACKUP',
  ) {
    super(message);
    this.name = 'InvalidBackupError';
  }
}
