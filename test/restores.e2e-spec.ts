import fs from 'node:fs';
import path from 'node:path';
import { TestApp, removeDir, startApp } from './support/test-app';
import { buildIfNeeded } from './support/build';

const FIXTURES = path.join(__dirname, 'fixtures/1integrate/legacy-xml');
const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.xml')).sort();

/** SPEC §5 with the real 1Integrate legacy XML exports. */
describe('restoring legacy XML (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    buildIfNeeded();
    t = await startApp();
  }, 180_000);
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  const restore = (files: string[], query = '') => {
    let req = t.admin().post(`/api/restores${query}`);
    for (const f of files) req = req.attach('files', path.join(FIXTURES, f));
    return req;
  };

  it.each(fixtures)('restores %s with every item ok', async (file) => {
    const res = await restore([file]).expect(200);
    const failed = res.body.items.filter((i: { status: string }) => i.status !== 'ok');
    expect(failed).toEqual([]);
    expect(res.body).toMatchObject({ kind: 'items', dryRun: false, files: [{ name: file, format: '1integrate-xml' }] });
    expect(res.body.counts.ok).toBe(res.body.items.length);
  });
});
