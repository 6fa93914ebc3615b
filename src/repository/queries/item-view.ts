import type Database from 'better-sqlite3';
import { ItemContent, ItemData, ItemType, RULE_LIKE_TYPES, isPasswordParam, isUploadParam, paramsOf, uploadFileName } from '../domain/item';
import type { VersionRow } from '../../read-model/item-projection';

/** An item as the API shows it (SPEC §3), secrets masked. */
export interface ItemDto extends ItemData {
  path: string;
  version: number;
  complete?: boolean;
  needs?: ('password' | 'files')[];
}

/** Facts about an item beyond its version row, looked up for the API view. */
export interface ItemExtras {
  path: string;
  templatesResolve: boolean;
  passwordsSet: Set<string>;
  fileNames: Set<string>;
}

export function toItemDto(row: VersionRow, extras: ItemExtras): ItemDto {
  const type = row.type as ItemType;
  const content = maskSecrets(JSON.parse(row.content) as ItemContent, extras.passwordsSet);
  const dto: ItemDto = {
    id: row.item_id,
    type,
    name: row.name,
    folderId: row.folder_id,
    path: extras.path,
    description: row.description,
    comments: row.comments,
    content,
    version: Number(row.version),
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastEditedBy: row.last_edited_by,
    lastEditedAt: row.last_edited_at,
  };
  if (RULE_LIKE_TYPES.includes(type)) dto.complete = row.shape_complete === 1 && extras.templatesResolve;
  if (type === 'datastore') dto.needs = needsOf(content, extras);
  return dto;
}

/** Password params show `value: null, isSet`; the value itself never leaves. */
export function maskSecrets(content: ItemContent, passwordsSet: Set<string>): ItemContent {
  for (const { list, param } of paramsOf(content)) {
    if (isPasswordParam(param)) {
      param.value = null;
      param.isSet = passwordsSet.has(`${list}/${param.name}`);
    }
  }
  return content;
}

/** What a data store still needs before it can be used: a password, uploaded files. */
export function needsOf(content: ItemContent, extras: Pick<ItemExtras, 'passwordsSet' | 'fileNames'>): ('password' | 'files')[] {
  const needs: ('password' | 'files')[] = [];
  const params = paramsOf(content);
  if (params.some(({ list, param }) => isPasswordParam(param) && !extras.passwordsSet.has(`${list}/${param.name}`))) {
    needs.push('password');
  }
  if (params.some(({ param }) => isUploadParam(param) && !extras.fileNames.has(uploadFileName(param)))) {
    needs.push('files');
  }
  return needs;
}

export function passwordsSetOf(db: Database.Database, itemId: string): Set<string> {
  const rows = db.prepare('SELECT list, name FROM item_passwords WHERE item_id = ?').all(itemId) as { list: string; name: string }[];
  return new Set(rows.map((r) => `${r.list}/${r.name}`));
}

export function fileNamesOf(db: Database.Database, itemId: string): Set<string> {
  const rows = db.prepare('SELECT file_name FROM item_files WHERE item_id = ?').all(itemId) as { file_name: string }[];
  return new Set(rows.map((r) => r.file_name));
}
