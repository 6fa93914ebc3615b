import type Database from 'better-sqlite3';
import { SecretBox } from './secret-box';

/**
 * Where encrypted passwords live: beside the log, never in it. A value is put only once the
 * ItemPasswordSet it belongs to is committed, with that event's stream revision: a command that
 * loses (412) leaves no value behind, and of two values put out of order the later event's wins.
 */
export interface SecretStore {
  put(itemId: string, list: string, name: string, value: string, revision: bigint): Promise<void>;
  get(itemId: string, list: string, name: string): Promise<string | null>;
}

export const SECRET_STORE = Symbol('SECRET_STORE');

/** Embedded: a table of its own in the event-store file, holding only ciphertext. */
export class SqliteSecretStore implements SecretStore {
  constructor(
    private readonly db: Database.Database,
    private readonly box: SecretBox,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS secrets (
      item_id TEXT NOT NULL, list TEXT NOT NULL, name TEXT NOT NULL, sealed TEXT NOT NULL,
      PRIMARY KEY (item_id, list, name)) WITHOUT ROWID`);
    const columns = db.prepare('PRAGMA table_info(secrets)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'revision')) db.exec('ALTER TABLE secrets ADD COLUMN revision INTEGER NOT NULL DEFAULT -1');
  }

  async put(itemId: string, list: string, name: string, value: string, revision: bigint): Promise<void> {
    const sealed = this.box.seal(value, `${itemId}/${list}/${name}`);
    this.db
      .prepare(
        `INSERT INTO secrets (item_id, list, name, sealed, revision) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET sealed = excluded.sealed, revision = excluded.revision WHERE excluded.revision >= secrets.revision`,
      )
      .run(itemId, list, name, sealed, revision);
  }

  async get(itemId: string, list: string, name: string): Promise<string | null> {
    const row = this.db.prepare('SELECT sealed FROM secrets WHERE item_id = ? AND list = ? AND name = ?').get(itemId, list, name) as
      { sealed: string } | undefined;
    return row ? this.box.open(row.sealed, `${itemId}/${list}/${name}`) : null;
  }
}
