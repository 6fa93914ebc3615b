import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openSqliteFile } from '../common/sqlite-file';

/**
 * A restore's working storage: a SQLite scratch file of its own in the data dir's tmp folder
 * (journal in memory, no syncs: nothing in it outlives the restore), so a restore's memory does not grow with its
 * files (DESIGN invariant 6). Deleted when the restore ends; a dead process's are removed at start.
 */
export class ScratchFile {
  readonly db: Database.Database;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = openSqliteFile(file, 'scratch');
  }

  close(): void {
    if (this.db.open) this.db.close();
    fs.rmSync(this.file, { force: true });
  }
}
