import type { RecordedMetadata } from '../repository/domain/item';

/** The columns of an item row that hold its recorded metadata, as view.db and a restore's scratch file name them. */
export interface MetadataColumns {
  description: string;
  comments: string;
  created_by: string;
  created_at: string;
  last_edited_by: string;
  last_edited_at: string;
}

/** A row's recorded metadata, column by column. */
export function metadataOf(row: MetadataColumns): RecordedMetadata {
  return {
    description: row.description,
    comments: row.comments,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastEditedBy: row.last_edited_by,
    lastEditedAt: row.last_edited_at,
  };
}
