import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What a (dead or stopped) service left in its data dir, read without touching it: SQLite files
 * are opened on a copy (with their WAL), so that looking does not checkpoint, recover or delete
 * anything the next start must deal with itself.
 */
export function withCopy<T>(file: string, read: (db: Database.Database) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-copy-'));
  try {
    const copy = path.join(dir, path.basename(file));
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = new Database(copy);
    try {
      db.defaultSafeIntegers(true);
      return read(db);
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Temporary uploads and restore scratch files (tmp/) and staged batches (beside events.db). */
export function leftovers(dataDir: string): { uploads: string[]; scratch: string[]; staged: string[] } {
  const tmp = path.join(dataDir, 'tmp');
  const inTmp = fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
  return {
    uploads: inTmp.filter((f) => f.startsWith('upload-')),
    scratch: inTmp.filter((f) => f.startsWith('restore-')),
    staged: fs.readdirSync(dataDir).filter((f) => f.startsWith('events.db-staged-')),
  };
}

/** Every file under a directory, recursively. */
export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The log's facts about one restore, and its head. */
export function restoreInLog(dataDir: string, restoreId: string): { finishedAt: bigint | null; head: bigint } {
  return withCopy(path.join(dataDir, 'events.db'), (db) => ({
    finishedAt:
      (db.prepare("SELECT position FROM events WHERE stream_id = ? AND type = 'RestoreFinished'").pluck().get(`restore-${restoreId}`) as bigint | undefined) ??
      null,
    head: db.prepare('SELECT COALESCE(MAX(position), 0) FROM events').pluck().get() as bigint,
  }));
}

/** The id of the last restore the log records as started. */
export function lastStartedRestore(dataDir: string): string {
  return withCopy(path.join(dataDir, 'events.db'), (db) => {
    const stream = db.prepare("SELECT stream_id FROM events WHERE type = 'RestoreStarted' ORDER BY position DESC LIMIT 1").pluck().get() as string;
    return stream.replace(/^restore-/, '');
  });
}

/** The position the read model has applied. */
export function viewCheckpoint(dataDir: string): bigint {
  return withCopy(path.join(dataDir, 'view.db'), (db) => BigInt(db.prepare("SELECT value FROM meta WHERE key = 'checkpoint'").pluck().get() as string));
}
