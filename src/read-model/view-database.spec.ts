import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ViewDatabase } from './view-database';

describe('ViewDatabase around a bulk projection', () => {
  let dir: string;
  let view: ViewDatabase;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-view-'));
    view = new ViewDatabase(path.join(dir, 'view.db'));
  });
  afterEach(() => {
    view.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cacheKib = () => -Number(view.writer.pragma('cache_size', { simple: true }));
  const indexes = () => view.writer.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all();

  it('drops the query indexes and halves the writer’s cache, then gives both back', () => {
    const before = indexes();
    expect(cacheKib()).toBe(32 << 10);
    view.writer.exec('BEGIN');
    const dropped = view.dropQueryIndexes();
    expect(dropped.length).toBeGreaterThan(5);
    expect(indexes()).toHaveLength(before.length - dropped.length);
    expect(cacheKib()).toBe(16 << 10);
    view.restoreQueryIndexes(dropped);
    view.writer.exec('COMMIT');
    expect(indexes()).toEqual(before);
    expect(cacheKib()).toBe(32 << 10);
  });
});
