import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * Response schemas written out (OpenAPI 3.0), for what the handlers return as plain objects:
 * restore reports and records, history, changes, pages, problems. Added to the document's
 * components; operations point at them with `ref(name)`. `test/api-contract.e2e-spec.ts` checks
 * real responses against them.
 */
const uuid = { type: 'string', format: 'uuid' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const position = { type: 'string', pattern: '^\\d+$', description: 'a log position (digits; positions are 64-bit)' } as const;
const AT = '2026-11-26T10:00:00.000Z';
const page = (item: string, example?: unknown): SchemaObject => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: { $ref: `#/components/schemas/${item}` } },
    nextCursor: { type: 'string', nullable: true, description: 'pass as `cursor` for the next page; null on the last' },
  },
  ...(example ? { example: { items: [example], nextCursor: null } } : {}),
});
const counts = (keys: string[]): SchemaObject => ({
  type: 'object',
  required: keys,
  properties: Object.fromEntries(keys.map((k) => [k, { type: 'integer', minimum: 0 }])),
});

/** What every restore's answer starts with: its id, its kind, whether it was a dry run. */
const restoreAnswer = (kind: string): Record<string, SchemaObject> => ({
  restoreId: uuid,
  kind: { type: 'string', enum: [kind] },
  dryRun: { type: 'boolean' },
});
const reportItem = {
  file: 'rules.json',
  sourceId: 'a2b3c4d5-0000-4000-8000-000000000001',
  sourcePath: '/Standard/Rule',
  type: 'rule',
  status: 'renamed',
  id: '3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
  path: '/Standard/Rule 2',
  warnings: [],
};
const restoreFile = { name: 'rules.json', format: 'strata-json', bytes: 81234, sha256: 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c' };
const restoreRecord = {
  id: '0b7a9c2e-1d3f-4e5a-8b6c-7d8e9f0a1b2c',
  kind: 'items',
  user: { id: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f', name: 'alice' },
  startedAt: AT,
  finishedAt: '2026-11-26T10:00:02.000Z',
  status: 'succeeded',
  dryRun: false,
  options: { onConflict: 'rename' },
  files: [restoreFile],
  counts: { ok: 40, renamed: 2, replaced: 0, skipped: 0, failed: 1 },
  position: '1301',
};

export const SCHEMAS: Record<string, SchemaObject> = {
  Problem: {
    type: 'object',
    description: 'application/problem+json (RFC 9457) with a stable `code` (SPEC §9)',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', example: 'about:blank' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string', description: 'what went wrong, for people' },
      code: {
        type: 'string',
        enum: [
          'VALIDATION_FAILED',
          'UNAUTHENTICATED',
          'FORBIDDEN',
          'NOT_FOUND',
          'ITEM_NAME_TAKEN',
          'ITEM_IN_USE',
          'RESTORE_IN_PROGRESS',
          'CONFLICT',
          'VERSION_CONFLICT',
          'PAYLOAD_TOO_LARGE',
          'UNSUPPORTED_FORMAT',
          'INVALID_BACKUP',
          'TOO_MANY_REQUESTS',
          'INTERNAL',
        ],
      },
      errors: { type: 'array', items: { type: 'object', required: ['message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
    },
    additionalProperties: true,
    example: {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'the request is not valid',
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'name', message: 'name must be a string' }],
    },
  },
  Health: {
    type: 'object',
    required: ['status', 'store', 'position'],
    properties: { status: { type: 'string', enum: ['ok'] }, store: { type: 'string', enum: ['sqlite', 'eventstoredb'] }, position },
    example: { status: 'ok', store: 'sqlite', position: '1301' },
  },
  UserPage: page('UserResponse', { id: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f', name: 'alice', role: 'user' }),
  StoredFile: {
    type: 'object',
    required: ['name', 'size', 'sha256'],
    properties: { name: { type: 'string' }, size: { type: 'integer', minimum: 0 }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
    example: { name: 'roads.zip', size: 1048576, sha256: restoreFile.sha256 },
  },
  HistoryEntry: {
    type: 'object',
    required: ['position', 'at', 'by', 'change'],
    properties: {
      position,
      at: time,
      by: { type: 'string', description: 'the user who made the change' },
      change: { type: 'string', enum: ['created', 'renamed', 'moved', 'description', 'comments', 'content', 'replaced', 'deleted', 'password', 'file'] },
      detail: { type: 'object', additionalProperties: true, description: 'what changed where it is worth saying (never a secret)' },
      restoreId: { ...uuid, description: 'the restore that made this change' },
    },
    example: { position: '1290', at: AT, by: 'alice', change: 'renamed', detail: { name: 'Check for Kickbacks' } },
  },
  Change: {
    type: 'object',
    required: ['id', 'type', 'name', 'path', 'change'],
    properties: {
      id: uuid,
      type: { type: 'string' },
      name: { type: 'string' },
      path: { type: 'string' },
      change: { type: 'string', enum: ['created', 'changed', 'deleted'] },
      fields: { type: 'array', items: { type: 'string' }, description: 'for `changed`: which parts differ' },
    },
  },
  ChangePage: page('Change', {
    id: '3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
    type: 'rule',
    name: 'Check for Kickbacks',
    path: '/Standard/Check for Kickbacks',
    change: 'changed',
    fields: ['content'],
  }),
  ReportItem: {
    type: 'object',
    description: "one item of a restore's files and what became of it (SPEC §5); full restores and rollbacks: created, replaced, deleted",
    required: ['file', 'sourcePath', 'type', 'status', 'warnings'],
    properties: {
      file: { type: 'string' },
      sourceId: { type: 'string' },
      sourcePath: { type: 'string' },
      type: { type: 'string' },
      status: { type: 'string', enum: ['ok', 'renamed', 'replaced', 'skipped', 'failed', 'created', 'deleted'] },
      id: uuid,
      path: { type: 'string' },
      reason: { type: 'string' },
      warnings: { type: 'array', items: { type: 'string' } },
      existing: { type: 'boolean', enum: [true], description: 'an `ok` folder that already existed: the restore merged into it' },
    },
    example: reportItem,
  },
  ReportItemPage: page('ReportItem', reportItem),
  BackupFacts: {
    type: 'object',
    description: 'what a Strata JSON backup says of itself, as a full restore read it',
    required: ['scope', 'createdAt', 'createdBy', 'position', 'items'],
    properties: {
      scope: { type: 'string', nullable: true, enum: ['items', 'repository', null] },
      createdAt: { type: 'string', nullable: true },
      createdBy: { type: 'string', nullable: true },
      position: { type: 'string', nullable: true },
      items: { type: 'integer', minimum: 0 },
    },
    example: { scope: 'repository', createdAt: AT, createdBy: 'admin', position: '1234', items: 748 },
  },
  RestoreFile: {
    type: 'object',
    required: ['name', 'format', 'bytes', 'sha256'],
    properties: {
      name: { type: 'string' },
      format: {
        type: 'string',
        nullable: true,
        enum: ['strata-json', '1integrate-xml', 'arcgis-rules', 'arcgis-xml', null],
        description: 'recognised from the content; null until read',
      },
      bytes: { type: 'integer', minimum: 0 },
      sha256: { type: 'string' },
      backup: { $ref: '#/components/schemas/BackupFacts' },
    },
    example: restoreFile,
  },
  RestoreReport: {
    type: 'object',
    description: 'the answer of an item restore (SPEC §5): one entry per item of the files, folders included, in file order',
    required: ['restoreId', 'kind', 'dryRun', 'position', 'files', 'counts', 'items'],
    properties: {
      ...restoreAnswer('items'),
      position: { ...position, description: 'the log position of the restore' },
      files: { type: 'array', items: { $ref: '#/components/schemas/RestoreFile' } },
      counts: counts(['ok', 'renamed', 'replaced', 'skipped', 'failed']),
      items: { type: 'array', items: { $ref: '#/components/schemas/ReportItem' } },
    },
    example: {
      restoreId: restoreRecord.id,
      kind: 'items',
      dryRun: false,
      position: '1301',
      files: [restoreFile],
      counts: restoreRecord.counts,
      items: [reportItem, { file: 'rules.json', sourcePath: '/Standard/Broken', type: 'rule', status: 'failed', reason: 'rootTerm missing', warnings: [] }],
    },
  },
  RestoreAccepted: {
    type: 'object',
    description: 'a restore started with `Prefer: respond-async`: follow Location (GET /api/restores/:id)',
    required: ['restoreId', 'status'],
    properties: { restoreId: uuid, kind: { type: 'string', enum: ['items', 'repository'] }, status: { type: 'string', enum: ['running'] } },
    example: { restoreId: restoreRecord.id, kind: 'repository', status: 'running' },
  },
  RestoreRecord: {
    type: 'object',
    description: 'the audit record of a restore, full restore or rollback (SPEC §7)',
    required: ['id', 'kind', 'user', 'startedAt', 'finishedAt', 'status', 'dryRun', 'options', 'files', 'counts', 'position'],
    properties: {
      id: uuid,
      kind: { type: 'string', enum: ['items', 'repository', 'rollback'] },
      user: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
      startedAt: time,
      finishedAt: { ...time, nullable: true },
      status: { type: 'string', enum: ['running', 'succeeded', 'failed'] },
      dryRun: { type: 'boolean' },
      options: { type: 'object', additionalProperties: true, description: 'items: onConflict; repository: allowItemScope; rollback: position, at, asOf' },
      files: { type: 'array', items: { $ref: '#/components/schemas/RestoreFile' } },
      counts: {
        type: 'object',
        additionalProperties: { type: 'integer' },
        description: 'items: ok…failed; repository and rollback: created, replaced, deleted, unchanged',
      },
      position: { ...position, nullable: true },
      error: { type: 'string' },
      rolledBackTo: {
        type: 'object',
        required: ['position', 'at'],
        properties: { position, at: { ...time, nullable: true } },
        description: 'rollbacks: the moment the repository went back to',
      },
      progress: {
        type: 'object',
        description: 'while a full restore runs',
        required: ['phase', 'bytesRead', 'bytesTotal', 'itemsRead'],
        properties: { phase: { type: 'string' }, bytesRead: { type: 'integer' }, bytesTotal: { type: 'integer' }, itemsRead: { type: 'integer' } },
      },
    },
    example: restoreRecord,
  },
  RestoreRecordPage: page('RestoreRecord', restoreRecord),
  RepositoryCounts: counts(['created', 'replaced', 'deleted', 'unchanged']),
  RepositoryRestoreResult: {
    type: 'object',
    required: ['restoreId', 'kind', 'dryRun', 'position', 'counts', 'backup'],
    properties: {
      ...restoreAnswer('repository'),
      position,
      counts: { $ref: '#/components/schemas/RepositoryCounts' },
      backup: { $ref: '#/components/schemas/BackupFacts' },
    },
    example: {
      restoreId: restoreRecord.id,
      kind: 'repository',
      dryRun: true,
      position: '1302',
      counts: { created: 3, replaced: 12, deleted: 1, unchanged: 733 },
      backup: { scope: 'repository', createdAt: AT, createdBy: 'admin', position: '1234', items: 748 },
    },
  },
  RollbackResult: {
    type: 'object',
    required: ['restoreId', 'kind', 'dryRun', 'position', 'rolledBackTo', 'rolledBackToAt', 'counts'],
    properties: {
      ...restoreAnswer('rollback'),
      position,
      rolledBackTo: position,
      rolledBackToAt: { ...time, nullable: true, description: 'the time of that position' },
      counts: { $ref: '#/components/schemas/RepositoryCounts' },
    },
    example: {
      restoreId: restoreRecord.id,
      kind: 'rollback',
      dryRun: false,
      position: '1400',
      rolledBackTo: '1290',
      rolledBackToAt: AT,
      counts: { created: 1, replaced: 4, deleted: 2, unchanged: 741 },
    },
  },
};
