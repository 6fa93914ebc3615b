/**
 * The fields of an item in a Strata JSON backup, in the order SPEC §4 writes them: what the
 * writer's unit spec and the backup e2e suite both hold a written item to.
 */
export const BACKUP_ITEM_FIELDS = [
  'id',
  'type',
  'name',
  'folderPath',
  'description',
  'comments',
  'createdBy',
  'createdAt',
  'lastEditedBy',
  'lastEditedAt',
  'content',
];
