import Database from 'better-sqlite3';
import fs from 'node:fs';
import readline from 'node:readline';

export interface FloorResult {
  ms: number;
  rows: number;
}

const BATCH = 5_000;

/**
 * The least a restore of this file could cost in this process: read it line by line, JSON.parse
 * each item, and insert it once into a fresh SQLite database (WAL) in transactions of 5,000 rows.
 * Relies on the writer's layout (one item per line), which the generator guarantees.
 */
export async function measureFloor(backupFile: string, dbFile: string): Promise<FloorResult> {
  const started = process.hrtime.bigint();
  const db = new Database(dbFile);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE items (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, folder_path TEXT NOT NULL, content TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO items (id, type, name, folder_path, content) VALUES (?, ?, ?, ?, ?)');
    type Row = [string, string, string, string, string];
    const insertAll = db.transaction((rows: Row[]) => {
      for (const row of rows) insert.run(row);
    });
    let batch: Row[] = [];
    let rows = 0;
    const lines = readline.createInterface({ input: fs.createReadStream(backupFile, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.startsWith('{"id"')) continue; // the header line and the closing `]}`
      const item = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as Record<string, unknown>;
      batch.push([String(item.id), String(item.type), String(item.name), String(item.folderPath), JSON.stringify(item.content)]);
      if (batch.length === BATCH) {
        insertAll(batch);
        rows += batch.length;
        batch = [];
      }
    }
    insertAll(batch);
    rows += batch.length;
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows };
  } finally {
    db.close();
  }
}
