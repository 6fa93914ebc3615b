import type { ItemContent, ItemMetadata, ItemType } from '../repository/domain/item';

/** One item as a backup writes it (SPEC §4): secrets already stripped by the caller. */
export interface BackupItem extends ItemMetadata {
  id: string;
  type: ItemType;
  /** Path of the containing folder, `/` for the root. */
  folderPath: string;
  content: ItemContent;
  /**
   * The content's JSON as the view keeps it, when it may be written as it is (not a data store's,
   * which is stripped first): a JSON writer splices it in rather than serialising `content`.
   */
  contentJson?: string;
}

export interface BackupHeader {
  scope: 'items' | 'repository';
  createdAt: string;
  createdBy: string;
  position: string;
}
