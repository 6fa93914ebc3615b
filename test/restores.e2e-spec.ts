import fs from 'node:fs';
import path from 'node:path';
import { TestApp, removeDir, startApp } from './support/test-app';
import { buildIfNeeded } from './support/build';

const FIXTURES = path.join(__dirname, 'fixtures/1integrate/legacy-xml');
const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.xml')).sort();

/**
 * SPEC §5 with the real 1Integrate legacy XML exports, each into an empty repository: some share
 * items (HPMS--Session-HPMS.xml holds rule templates HPMS--Rule-HPMS.xml holds too), which a
 * shared repository would rightly rename.
 */
describe('restoring legacy XML (e2e)', () => {
  beforeAll(() => buildIfNeeded(), 180_000);

  it.each(fixtures)('restores %s with every item ok', async (file) => {
    const t: TestApp = await startApp();
    try {
      const res = await t.admin().post('/api/restores').attach('files', path.join(FIXTURES, file)).expect(200);
      const failed = res.body.items.filter((i: { status: string }) => i.status !== 'ok');
      expect(failed).toEqual([]);
      expect(res.body).toMatchObject({ kind: 'items', dryRun: false, files: [{ name: file, format: '1integrate-xml' }] });
      expect(res.body.counts.ok).toBe(res.body.items.length);
    } finally {
      await t.close();
      removeDir(t.dataDir);
    }
  }, 60_000);
});
