import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PAGE_SIZE } from '../../common/sqlite-file';
import { PLAN_PAGE_SIZE, RestoreScratch } from './restore-scratch';

describe('RestoreScratch', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-scratch-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the items in big pages and the plan in small ones, in a second file that goes with it', () => {
    const scratch = new RestoreScratch(path.join(dir, 'restore-r1.db'));
    const db = scratch.db;
    expect(db.pragma('main.page_size', { simple: true })).toBe(PAGE_SIZE);
    expect(db.pragma('plan.page_size', { simple: true })).toBe(PLAN_PAGE_SIZE);
    expect(PLAN_PAGE_SIZE).toBe(4_096);
    expect(db.pragma('plan.synchronous', { simple: true })).toBe(0);
    expect(db.pragma('plan.journal_mode', { simple: true })).toBe('memory');
    const tablesOf = (schema: string) => db.prepare(`SELECT name FROM ${schema}.sqlite_schema WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tablesOf('main')).toEqual(['parsed', 'parsed_refs']);
    expect(tablesOf('plan')).toEqual(['deps', 'folders', 'names', 'outcome', 'ref_targets', 'refmap', 'repeated_ids']);
    // Unqualified names reach both files, in one statement.
    db.exec("INSERT INTO folders (path, id, is_new) VALUES ('/A/B', 'b', 1)");
    expect(db.prepare("SELECT depth FROM folders f LEFT JOIN parsed p ON p.seq = f.seq WHERE f.path = '/A/B'").pluck().get()).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual(['restore-r1-plan.db', 'restore-r1.db']);
    scratch.close();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
