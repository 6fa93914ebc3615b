import fs from 'node:fs';
import path from 'node:path';
import { TestApp, startApp, stopApp } from './support/test-app';
import { buildIfNeeded } from './support/build';

const FIXTURES = path.join(__dirname, 'fixtures/1integrate/legacy-xml');
const fixtures = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.xml'))
  .sort();

/**
 * SPEC §5 with the real 1Integrate legacy XML exports, each into an empty repository: some share
 * items (HPMS--Session-HPMS.xml holds rule templates HPMS--Rule-HPMS.xml holds too), which a
 * shared repository would rightly rename.
 */
describe('restoring legacy XML (e2e)', () => {
  beforeAll(() => buildIfNeeded(), 180_000);

  it.each(fixtures)(
    'restores %s with every item ok',
    async (file) => {
      const t: TestApp = await startApp();
      try {
        const res = await t.admin().post('/api/restores').attach('files', path.join(FIXTURES, file)).expect(200);
        const items = res.body.items as { status: string; type: string; sourceId?: string; id: string }[];
        // Every <Item> of the file (counted in its text, not by the reader) is in the report, ok.
        const uris = [...fs.readFileSync(path.join(FIXTURES, file), 'utf8').matchAll(/<Item id="([^"]+)">/g)].map((m) => unescapeXml(m[1]));
        expect(uris.length).toBeGreaterThan(0);
        expect(
          items
            .filter((i) => i.type !== 'folder')
            .map((i) => i.sourceId)
            .sort(),
        ).toEqual([...uris].sort());
        expect(items.filter((i) => i.status !== 'ok')).toEqual([]);
        expect(res.body).toMatchObject({ kind: 'items', dryRun: false, files: [{ name: file, format: '1integrate-xml' }] });
        expect(res.body.counts).toEqual({ ok: items.length, renamed: 0, replaced: 0, skipped: 0, failed: 0 });
        // …and in the repository: the empty repository now holds exactly what the report lists.
        const listed: string[] = [];
        for (let cursor: string | null = ''; cursor !== null;) {
          const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t
            .admin()
            .get(`/api/items?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
            .expect(200);
          listed.push(...page.body.items.map((i) => i.id));
          cursor = page.body.nextCursor;
        }
        expect(listed.sort()).toEqual(items.map((i) => i.id).sort());
      } finally {
        await stopApp(t);
      }
    },
    60_000,
  );
});

function unescapeXml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => named[name]);
}
