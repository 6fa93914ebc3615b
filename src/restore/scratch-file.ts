import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A restore's working storage: a SQLite file of its own in the data dir's tmp folder, without a
 * journal (nothing in it outlives the restore), so a restore's memory does not grow with its
 * files (DESIGN invariant 6). Deleted when the restore ends; a dead process's are removed at start.
 */
export class ScratchFile {
  readonly db: Database.Database;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
  }

  close(): void {
    if (this.db.open) this.db.close();
    fs.rmSync(this.file, { force: true });
  }
}
