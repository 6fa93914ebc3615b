import { InvalidBackupError, ParsedHeader, ParsedItem, ParseProblem } from './parsed-item';

/** The header fields of a Strata backup (SPEC §4); other top-level keys are ignored. */
export const HEADER_KEYS: ReadonlySet<string> = new Set(['format', 'version', 'scope', 'createdAt', 'createdBy', 'position']);

/** Refuses a header field as soon as it is read: a wrong format or version is not our backup. */
export function checkHeaderField(key: string, value: unknown): void {
  if (key === 'format' && value !== 'strata-backup') {
    throw new InvalidBackupError(`Not a Strata backup: "format" is ${describe(value)}, expected "strata-backup"`, 'UNSUPPORTED_FORMAT');
  }
  if (key === 'version' && value !== 1) {
    throw new InvalidBackupError(`Unsupported Strata backup version ${describe(value)}: this service reads version 1`, 'UNSUPPORTED_FORMAT');
  }
  if (key === 'scope' && value !== 'items' && value !== 'repository') {
    throw new InvalidBackupError(`Invalid backup header: "scope" is ${describe(value)}, expected "items" or "repository"`);
  }
}

/** The header of a whole document's top-level fields (those read so far). */
export function toParsedHeader(fields: Record<string, unknown>): ParsedHeader {
  if (fields.format === undefined) throw new InvalidBackupError('Not a Strata backup: the JSON document has no "format"', 'UNSUPPORTED_FORMAT');
  if (fields.version === undefined) throw new InvalidBackupError('Invalid backup header: no "version"');
  for (const key of HEADER_KEYS) if (fields[key] !== undefined) checkHeaderField(key, fields[key]);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    format: 'strata-json',
    scope: fields.scope as ParsedHeader['scope'],
    createdAt: text(fields.createdAt),
    createdBy: text(fields.createdBy),
    position: text(fields.position),
  };
}

/**
 * One element of `items` as the restore planner gets it. Missing strings are '' (`folderPath`:
 * '/', content: {}); a field of the wrong type is a problem of this item, which is still yielded.
 */
export function toParsedItem(value: unknown, index: number): ParsedItem {
  const problems: ParseProblem[] = [];
  const fields = isRecord(value) ? value : {};
  if (!isRecord(value)) problems.push({ code: 'INVALID_ITEM', message: `Item ${index} must be a JSON object, found ${describe(value)}` });
  const text = (key: string, fallback = '') => {
    const field = fields[key];
    if (field === undefined || field === null) return fallback;
    if (typeof field === 'string') return field;
    problems.push({ code: 'INVALID_FIELD', message: `"${key}" must be a string, found ${describe(field)}` });
    return fallback;
  };
  const item: ParsedItem = {
    index,
    sourceId: text('id'),
    type: text('type'),
    name: text('name'),
    folderPath: text('folderPath', '/'),
    description: text('description'),
    comments: text('comments'),
    createdBy: text('createdBy'),
    createdAt: text('createdAt'),
    lastEditedBy: text('lastEditedBy'),
    lastEditedAt: text('lastEditedAt'),
    content: {},
    problems,
  };
  if (isRecord(fields.content)) item.content = fields.content;
  else if (fields.content !== undefined) {
    problems.push({ code: 'INVALID_FIELD', message: `"content" must be a JSON object, found ${describe(fields.content)}` });
  }
  return item;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)?.slice(0, 40) ?? String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
