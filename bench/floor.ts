import fs from 'node:fs';
import readline from 'node:readline';
import { openSqliteFile } from '../src/common/sqlite-file';

export interface FloorResult {
  ms: number;
  rows: number;
}

const BATCH = 10_000;

/**
 * The least a restore of this file could cost, in this process: read it line by line, JSON.parse
 * each item line (a restore must read every item), and insert the line's text once into a rowid
 * table of a fresh SQLite file (WAL, synchronous NORMAL, the service's page size) in transactions
 * of 10,000. Nothing is checked, indexed or written twice. Relies on the generator's layout (one
 * item per line).
 */
export async function measureFloor(backupFile: string, dbFile: string): Promise<FloorResult> {
  const started = process.hrtime.bigint();
  const db = openSqliteFile(dbFile, 'durable');
  try {
    db.exec('CREATE TABLE items (item TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO items (item) VALUES (?)');
    const insertAll = db.transaction((lines: string[]) => {
      for (const line of lines) insert.run(line);
    });
    let batch: string[] = [];
    let rows = 0;
    const lines = readline.createInterface({ input: fs.createReadStream(backupFile, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.startsWith('{"id"')) continue; // the header line and the closing `]}`
      const text = line.endsWith(',') ? line.slice(0, -1) : line;
      JSON.parse(text);
      batch.push(text);
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
