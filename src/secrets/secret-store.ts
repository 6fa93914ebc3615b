import type Database from 'better-sqlite3';
import { SecretBox } from './secret-box';

/** Where encrypted passwords live: beside the log, never in it. */
export interface SecretStore {
  put(itemId: string, list: string, name: string, value: string): Promise<void>;
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
  }

  async put(itemId: string, list: string, name: string, value: string): Promise<void> {
    const sealed = this.box.seal(value, `${itemId}/${list}/${name}`);
    this.db
      .prepare('INSERT INTO secrets (item_id, list, name, sealed) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET sealed = excluded.sealed')
      .run(itemId, list, name, sealed);
  }

  async get(itemId: string, list: string, name: string): Promise<string | null> {
    const row = this.db.prepare('SELECT sealed FROM secrets WHERE item_id = ? AND list = ? AND name = ?').get(itemId, list, name) as
      | { sealed: string }
      | undefined;
    return row ? this.box.open(row.sealed, `${itemId}/${list}/${name}`) : null;
  }
}
