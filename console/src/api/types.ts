import type { components } from './openapi.gen';

/**
 * The API's shapes the console reads, by the names the console uses: each is the schema the
 * OpenAPI document declares (openapi.gen.ts, `npm run api-types`), so a change to the API that the
 * console does not follow fails `npm run typecheck`.
 */
type Schemas = components['schemas'];

export type Item = Schemas['ItemResponse'];
export type ItemType = Item['type'];
export type Me = Schemas['UserResponse'];
export type Role = Me['role'];
/** A user as the admin's list shows them; `token` only in the answer that created them. */
export type User = Me & { token?: string };
export type ReportItem = Schemas['ReportItem'];
export type Outcome = ReportItem['status'];
export type BackupFacts = Schemas['BackupFacts'];
export type RestoreFile = Schemas['RestoreFile'];
export type RestoreReport = Schemas['RestoreReport'];
export type RestoreRecord = Schemas['RestoreRecord'];
export type RestoreKind = RestoreRecord['kind'];
/** What `GET /api/restores/:id` shows while a repository restore runs (SPEC §6). */
export type Progress = NonNullable<RestoreRecord['progress']>;
/** Full restores and rollbacks answer with counts; the outcomes are at /api/restores/:id/items. */
export type RepositoryRestoreResult = Schemas['RepositoryRestoreResult'];
export type RollbackResult = Schemas['RollbackResult'];
export type RepositoryChange = RepositoryRestoreResult | RollbackResult;
export type HistoryEntry = Schemas['HistoryEntry'];
export type StoredFile = Schemas['StoredFile'];

/** Every list of the API: `{items, nextCursor}` (SPEC §3). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A parameter in an item's content (SPEC §2): content is free-form in the API's schema. */
export interface Param {
  name: string;
  datatype: string;
  value: string | null;
  displayValue?: string;
  isSet?: boolean;
}
