import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PAGE_SIZE, openSqliteFile } from './sqlite-file';

describe('openSqliteFile', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-sqlite-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates a WAL file with big pages', () => {
    const db = openSqliteFile(path.join(dir, 'log.db'), 'durable');
    db.exec('CREATE TABLE t (x TEXT)');
    expect(db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(PAGE_SIZE).toBe(65_536);
    db.close();
  });

  it('creates a scratch file whose journal stays in memory, and whose transactions still roll back', () => {
    const file = path.join(dir, 'scratch.db');
    const db = openSqliteFile(file, 'scratch');
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('a')");
    expect(db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    expect(db.pragma('journal_mode', { simple: true })).toBe('memory');
    expect(() =>
      db.transaction(() => {
        db.exec("UPDATE t SET x = 'b'");
        expect(fs.existsSync(`${file}-journal`)).toBe(false);
        throw new Error('undo');
      })(),
    ).toThrow('undo');
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual(['a']);
    db.close();
  });

  it('keeps the page size of a file that exists, and its rows', () => {
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')");
    const before = old.pragma('page_size', { simple: true });
    old.close();
    const db = openSqliteFile(file, 'durable');
    expect(db.pragma('page_size', { simple: true })).toBe(before);
    expect(before).not.toBe(PAGE_SIZE);
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual(['kept']);
    db.close();
  });
});
