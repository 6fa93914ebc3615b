import { LIMITS } from '../src/repository/domain/limits';
import { TestApp, appForSuite, startApp, stopApp } from './support/test-app';
import { ReportItem, asText, backupDocument, backupItem, backupText, entry, item, restore } from './support/restore-helpers';
import { actionBody, ruleBody } from './support/rule-bodies';

/**
 * SPEC §3's limits, the same at every entrance, and the promise they make possible: every backup
 * Strata writes restores (issue 15's repros, one test each).
 */
describe('limits and what they guarantee (e2e)', () => {
  const t = appForSuite({ user: 'plain', timeout: 120_000 });

  const post = (body: Record<string, unknown>) => t.admin().post('/api/items').send(body);
  const fullBackup = async (app: TestApp) => (await app.admin().get('/api/admin/repository/backup').buffer(true).parse(asText).expect(200)).body as string;
  const fullRestore = (app: TestApp, body: string, query = '') =>
    app.admin().post(`/api/admin/repository/restore${query}`).set('Content-Type', 'application/json').send(body);
  /** Content nesting exactly `levels` levels of arrays and objects (the content object is level 1). */
  const nested = (levels: number) => {
    let value: unknown = {};
    for (let level = 2; level < levels; level++) value = [value];
    return { x: value };
  };
  /** The same as JSON text, written without recursion (the test's own client must not overflow either). */
  const nestedText = (levels: number) => `{"x":${'['.repeat(levels - 2)}{}${']'.repeat(levels - 2)}}`;
  const sendText = (method: 'post' | 'patch', url: string, json: string) => t.admin()[method](url).set('Content-Type', 'application/json').send(json);

  describe('incomplete rules and actions back up and restore like any other item', () => {
    let folderId: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      folderId = (await post({ type: 'folder', name: 'Drafts' }).expect(201)).body.id;
      // The issue's repro: a rule with only its root.
      ids.rule = (await post({ type: 'rule', name: 'X', folderId, content: { rootTerm: { kind: 'Rule' } } }).expect(201)).body.id;
      ids.action = (await post({ type: 'action', name: 'Fix X', folderId, content: actionBody() }).expect(201)).body.id;
      ids.map = (await post({ type: 'action-map', name: 'Map X', folderId, content: { pairs: [{ rule: ids.rule, action: ids.action }] } }).expect(201)).body.id;
    });

    it('is saved and shown incomplete', async () => {
      expect(await item(t, ids.rule)).toMatchObject({ complete: false, content: { rootTerm: { kind: 'Rule' } } });
    });

    it('a full backup of a repository holding one is accepted by the full restore, and restores into an empty one', async () => {
      const backup = await fullBackup(t);
      const dry = await fullRestore(t, backup, '?dryRun=true').expect(200);
      expect(dry.body.counts).toMatchObject({ created: 0, replaced: 0, deleted: 0 });

      const empty = await startApp();
      try {
        const res = await fullRestore(empty, backup).expect(200);
        expect(res.body.counts.created).toBe(JSON.parse(backup).items.length);
        expect(await item(empty, ids.rule)).toMatchObject({ name: 'X', path: '/Drafts/X', complete: false, content: { rootTerm: { kind: 'Rule' } } });
        expect((await item(empty, ids.map)).content.pairs).toEqual([{ rule: ids.rule, action: ids.action }]);
      } finally {
        await stopApp(empty);
      }
    });

    it('an item restore loads it with a warning, and what depends on it loads too', async () => {
      const res = await restore(t, [{ name: 'drafts.json', content: await backupText(t, [ids.map]) }]).expect(200);
      const items = res.body.items as ReportItem[];
      expect(res.body.counts).toMatchObject({ failed: 0 });
      const rule = entry(items, '/Drafts/X');
      expect(rule).toMatchObject({ status: 'renamed', path: '/Drafts/X 2' });
      expect(rule.warnings).toEqual(['incomplete: a rule must have Rule > RootPredicate, found Rule > nothing (and 1 more)']);
      expect(entry(items, '/Drafts/Map X')).toMatchObject({ status: 'renamed', warnings: [] });
      expect(await item(t, rule.id!)).toMatchObject({ complete: false, content: { rootTerm: { kind: 'Rule' } } });
      expect((await item(t, entry(items, '/Drafts/Map X').id!)).content.pairs[0].rule).toBe(rule.id);
    });
  });

  describe(`content nests at most ${LIMITS.contentDepth} levels`, () => {
    it('is accepted at the limit, and its backup restores', async () => {
      const id = (await post({ type: 'discovery-spec', name: 'Deepest', content: nested(LIMITS.contentDepth) }).expect(201)).body.id;
      const res = await restore(t, [{ name: 'deep.json', content: await backupText(t, [id]) }]).expect(200);
      const restored = entry(res.body.items, '/Deepest');
      expect(restored).toMatchObject({ status: 'renamed', warnings: [] });
      expect((await item(t, restored.id!)).content).toEqual(nested(LIMITS.contentDepth));
    });

    it.each([LIMITS.contentDepth + 1, 1_000, 5_000, 100_000])('is refused with 400 at %i levels, on create and update, never 500', async (levels) => {
      const body = `{"type":"discovery-spec","name":"Too deep ${levels}","content":${nestedText(levels)}}`;
      const res = await sendText('post', '/api/items', body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/nest(s|ed) deeper than/) });
      const id = (await post({ type: 'discovery-spec', name: `Shallow ${levels}` }).expect(201)).body.id;
      await sendText('patch', `/api/items/${id}`, `{"content":${nestedText(levels)}}`).expect(400);
      expect((await item(t, id)).content).toEqual({});
    });

    it('fails only the item in a restore file, with its reason', async () => {
      const deep = backupItem({ type: 'discovery-spec', name: 'Too Deep', content: nested(LIMITS.contentDepth + 1) });
      const fine = backupItem({ type: 'discovery-spec', name: 'Fine' });
      const res = await restore(t, [{ name: 'deep.json', content: backupDocument([deep, fine]) }]).expect(200);
      expect(entry(res.body.items, '/Too Deep')).toMatchObject({
        status: 'failed',
        reason: `content: nested deeper than ${LIMITS.contentDepth} levels of arrays and objects`,
      });
      expect(entry(res.body.items, '/Fine').status).not.toBe('failed');
    });
  });

  describe(`folders nest at most ${LIMITS.folderDepth} deep`, () => {
    const chain: string[] = [];

    beforeAll(async () => {
      let parent: string | null = null;
      for (let depth = 1; depth <= LIMITS.folderDepth; depth++) {
        parent = (await post({ type: 'folder', name: `Level ${depth}`, folderId: parent }).expect(201)).body.id as string;
        chain.push(parent);
      }
      await post({ type: 'rule', name: 'At The Bottom', folderId: parent, content: ruleBody() }).expect(201);
    }, 120_000);

    it('the API creates them to the limit and refuses one more (an item fits in the deepest)', async () => {
      const res = await post({ type: 'folder', name: 'One Too Many', folderId: chain[chain.length - 1] }).expect(400);
      expect(res.body.detail).toBe(`folders nest at most ${LIMITS.folderDepth} deep; this would make them ${LIMITS.folderDepth + 1} deep`);
    });

    it('refuses a move that would nest a subtree too deep', async () => {
      const top = (await post({ type: 'folder', name: 'Two Levels' }).expect(201)).body.id;
      await post({ type: 'folder', name: 'Inner', folderId: top }).expect(201);
      await t
        .admin()
        .patch(`/api/items/${top}`)
        .send({ folderId: chain[LIMITS.folderDepth - 2] })
        .expect(400);
      await t
        .admin()
        .patch(`/api/items/${top}`)
        .send({ folderId: chain[LIMITS.folderDepth - 3] })
        .expect(200);
    });

    it('GET /api/tree answers at the deepest folder', async () => {
      const page = (await t.user().get('/api/tree').expect(200)).body as { items: TreeNode[] };
      let node = page.items.find((n) => n.name === 'Level 1');
      let depth = 0;
      while (node) {
        depth++;
        node = node.children?.find((n) => n.type === 'folder' && n.name.startsWith('Level '));
      }
      expect(depth).toBe(LIMITS.folderDepth);
    });

    it('an XML backup of them does not grow with the square of the depth, and restores', async () => {
      const xml = await backupText(t, [chain[0]], 'xml');
      // Indentation stops growing past some depth (it used to be 4 spaces a level: 400 at the deepest folder).
      const deepestIndent = Math.max(...xml.split('\n').map((line) => line.length - line.trimStart().length));
      expect(deepestIndent).toBeLessThan(128);
      const res = await restore(t, [{ name: 'deep.xml', content: xml }], '?onConflict=skip').expect(200);
      expect(res.body.counts).toMatchObject({ failed: 0, skipped: 1 });
      expect(entry(res.body.items, `/${chain.map((_, i) => `Level ${i + 1}`).join('/')}/At The Bottom`).status).toBe('skipped');
    });

    it('a restore fails items deeper than the limit, whoever restores them, and the tree keeps answering', async () => {
      const path = (names: number) => '/' + Array.from({ length: names }, (_, i) => `D${i}`).join('/');
      const files = backupDocument([
        backupItem({ type: 'rule', name: 'Deepest Allowed', folderPath: path(LIMITS.folderDepth), content: { rootTerm: { kind: 'Rule' } } }),
        backupItem({ type: 'folder', name: 'Too Deep', folderPath: path(LIMITS.folderDepth) }),
        backupItem({ type: 'rule', name: 'Too Deep', folderPath: path(LIMITS.folderDepth + 1) }),
        backupItem({ type: 'rule', name: 'Far Too Deep', folderPath: path(4_000) }),
      ]);
      const req = t.user().post('/api/restores').attach('files', Buffer.from(files), { filename: 'deep.json', contentType: 'application/json' });
      const res = await req.expect(200);
      const items = res.body.items as ReportItem[];
      expect(items.map((i) => i.status)).toEqual(['ok', 'failed', 'failed', 'failed']);
      expect(items[1].reason).toMatch(new RegExp(`^folders nest at most ${LIMITS.folderDepth} deep; this folder would be ${LIMITS.folderDepth + 1} deep`));
      expect(items[3].reason).toMatch(/its folder would be 4000 deep/);
      await t.user().get('/api/tree').expect(200);
    });

    it('the full restore refuses a backup holding a folder too deep, as a whole', async () => {
      const folders: ReturnType<typeof backupItem>[] = [];
      for (let depth = 0; depth <= LIMITS.folderDepth; depth++) {
        folders.push(backupItem({ type: 'folder', name: `F${depth}`, folderPath: depth === 0 ? '/' : `/${folders.map((f) => f.name).join('/')}` }));
      }
      const doc = backupDocument(folders).replace('"scope":"items"', '"scope":"repository"');
      const refused = await fullRestore(t, doc, '?dryRun=true').expect(422);
      expect(refused.body.detail).toMatch(
        new RegExp(`F${LIMITS.folderDepth}: folders nest at most ${LIMITS.folderDepth} deep; this folder would be ${LIMITS.folderDepth + 1} deep`),
      );
      const fits = backupDocument(folders.slice(0, -1)).replace('"scope":"items"', '"scope":"repository"');
      expect((await fullRestore(t, fits, '?dryRun=true').expect(200)).body.counts.created).toBe(LIMITS.folderDepth);
    });
  });

  it('an id given twice in one file fails the second item, naming it', async () => {
    const first = backupItem({ type: 'discovery-spec', name: 'First Copy' });
    const second = { ...backupItem({ type: 'rule', name: 'Second Copy', content: { rootTerm: { kind: 'Rule' } } }), id: first.id };
    const res = await restore(t, [{ name: 'twice.json', content: backupDocument([first, second]) }]).expect(200);
    expect(res.body.items.map((i: ReportItem) => i.status)).toEqual(['ok', 'failed']);
    expect(res.body.items[1].reason).toBe(`id ${first.id} is given twice in the file: an earlier item has it`);
  });

  it(`takes names of ${LIMITS.nameLength} characters (code points), and no longer`, async () => {
    const longest = '🧭'.repeat(LIMITS.nameLength);
    await post({ type: 'folder', name: longest }).expect(201);
    const res = await post({ type: 'folder', name: `${longest}x` }).expect(400);
    expect(res.body.detail).toBe(`name must be at most ${LIMITS.nameLength} characters`);
  });

  it('refuses a deeply nested JSON body from its text, before parsing it, with problem+json', async () => {
    const body = `{"type":"folder","name":"n","content":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const res = await t.admin().post('/api/items').set('Content-Type', 'application/json').send(body).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/^the request body nests deeper than 257 levels/) });
  });
});

interface TreeNode {
  id: string;
  type: string;
  name: string;
  children?: TreeNode[];
}
