import type { BackupHeader, BackupItem } from '../backup-item';

/** Chunks are flushed once they reach this many characters (one item may make a chunk larger). */
const CHUNK_CHARS = 64 * 1024;

/**
 * The Strata JSON backup (SPEC §4) as text chunks: the header object up to `"items":[`, then one
 * item per line, then `]}` on a line of its own and a final newline. Items are written in the
 * order they come; the caller has already ordered them and stripped secrets.
 */
export async function* strataJsonChunks(header: BackupHeader, items: AsyncIterable<BackupItem>): AsyncGenerator<string> {
  let chunk = headerText(header);
  let separator = '\n';
  for await (const item of items) {
    chunk += separator + itemLine(item);
    separator = ',\n';
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]}\n`;
}

function headerText(header: BackupHeader): string {
  const fields = {
    format: 'strata-backup',
    version: 1,
    scope: header.scope,
    createdAt: header.createdAt,
    createdBy: header.createdBy,
    position: header.position,
  };
  return `${JSON.stringify(fields).slice(0, -1)},"items":[`;
}

/**
 * One item as one line: JSON.stringify escapes every line break inside strings, and the content's
 * JSON (last) is spliced in as the view keeps it when the item carries it (minified JSON: one line).
 */
function itemLine(item: BackupItem): string {
  if (item.contentJson !== undefined) return `${JSON.stringify(fieldsOf(item)).slice(0, -1)},"content":${item.contentJson}}`;
  return JSON.stringify({ ...fieldsOf(item), content: item.content });
}

function fieldsOf(item: BackupItem) {
  return {
    id: item.id,
    type: item.type,
    name: item.name,
    folderPath: item.folderPath,
    description: item.description,
    comments: item.comments,
    createdBy: item.createdBy,
    createdAt: item.createdAt,
    lastEditedBy: item.lastEditedBy,
    lastEditedAt: item.lastEditedAt,
  };
}
