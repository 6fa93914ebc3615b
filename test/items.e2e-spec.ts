import { appForSuite } from './support/test-app';
import { actionBody, incompleteRuleBody, ruleBody, ruleTemplateBody } from './support/rule-bodies';

/** SPEC §3 items and folders through HTTP, with every error code. */
describe('items and folders (e2e)', () => {
  const t = appForSuite({ env: { STRATA_MAX_JSON_BYTES: '200000' } });

  const create = (body: Record<string, unknown>) => t.admin().post('/api/items').send(body);
  const template = ruleTemplateBody();

  it('answers health without a token', async () => {
    const res = await t.anonymous().get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', store: 'sqlite', position: expect.stringMatching(/^\d+$/) });
  });

  it('creates folders and items with paths, Location and ETag', async () => {
    const folder = await create({ type: 'folder', name: 'Standard' }).expect(201);
    expect(folder.headers.location).toBe(`/api/items/${folder.body.id}`);
    expect(folder.headers.etag).toBe('"1"');
    const sub = await create({ type: 'folder', name: 'Essential Geometric Checks', folderId: folder.body.id }).expect(201);
    const rule = await create({
      type: 'rule',
      name: 'Check for Kickbacks',
      folderId: sub.body.id,
      description: 'kickbacks',
      content: ruleBody(),
    }).expect(201);
    expect(rule.body).toMatchObject({
      type: 'rule',
      name: 'Check for Kickbacks',
      folderId: sub.body.id,
      path: '/Standard/Essential Geometric Checks/Check for Kickbacks',
      description: 'kickbacks',
      comments: '',
      version: 1,
      createdBy: 'admin',
      lastEditedBy: 'admin',
    });
    const got = await t.admin().get(`/api/items/${rule.body.id}`).expect(200);
    expect(got.body).toEqual(rule.body);
    expect(got.headers.etag).toBe('"1"');
  });

  it.each([
    ['empty', ''],
    ['a slash', 'a/b'],
    ['a control character', 'bad\u0007name'],
    ['256 characters', 'x'.repeat(256)],
  ])('refuses a name with %s (400 VALIDATION_FAILED)', async (_, name) => {
    const res = await create({ type: 'folder', name }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', title: expect.any(String), detail: expect.any(String) });
  });

  it('accepts a 255-character name', async () => {
    await create({ type: 'folder', name: 'y'.repeat(255) }).expect(201);
  });

  it('refuses unknown types, unknown fields, malformed JSON and oversized bodies', async () => {
    expect((await create({ type: 'widget', name: 'w' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await create({ type: 'folder', name: 'w', colour: 'red' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const malformed = await t.admin().post('/api/items').set('Content-Type', 'application/json').send('{"type": "folder",').expect(400);
    expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'the request body is not valid JSON' });
    const huge = await create({ type: 'folder', name: 'big', description: 'x'.repeat(300_000) }).expect(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await create({ type: 'rule', name: 'r', content: { rootTerm: 'nope' } }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await create({ type: 'rule', name: 'r', folderId: '00000000-0000-4000-8000-000000000000' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('keeps (folder, type, name) unique, and folder names unique per folder', async () => {
    const parent = (await create({ type: 'folder', name: 'Unique' }).expect(201)).body;
    await create({ type: 'rule', name: 'Same', folderId: parent.id }).expect(201);
    const clash = await create({ type: 'rule', name: 'Same', folderId: parent.id }).expect(409);
    expect(clash.body.code).toBe('ITEM_NAME_TAKEN');
    await create({ type: 'action', name: 'Same', folderId: parent.id }).expect(201);
    await create({ type: 'folder', name: 'Same', folderId: parent.id }).expect(201);
    expect((await create({ type: 'folder', name: 'Same', folderId: parent.id }).expect(409)).body.code).toBe('ITEM_NAME_TAKEN');
  });

  it('answers 404 for unknown items and 400 for ids that are not uuids', async () => {
    expect((await t.admin().get('/api/items/00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('NOT_FOUND');
    expect((await t.admin().get('/api/items/not-a-uuid').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('renames, moves, describes, comments and changes content, with If-Match', async () => {
    const a = (await create({ type: 'folder', name: 'A' }).expect(201)).body;
    const b = (await create({ type: 'folder', name: 'B' }).expect(201)).body;
    const item = (await create({ type: 'action', name: 'Fix', folderId: a.id }).expect(201)).body;
    const patched = await t
      .admin()
      .patch(`/api/items/${item.id}`)
      .set('If-Match', '"1"')
      .send({ name: 'Fix It', folderId: b.id, description: 'd', comments: 'c', content: actionBody() })
      .expect(200);
    expect(patched.body).toMatchObject({ name: 'Fix It', folderId: b.id, path: '/B/Fix It', description: 'd', comments: 'c' });
    expect(patched.body.content).toEqual(actionBody());
    expect(patched.body.complete).toBe(true);
    expect(patched.headers.etag).toBe(`"${patched.body.version}"`);
    expect(patched.body.version).toBeGreaterThan(1);
    const stale = await t.admin().patch(`/api/items/${item.id}`).set('If-Match', '"1"').send({ name: 'Again' }).expect(412);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    await t.admin().patch(`/api/items/${item.id}`).send({ folderId: null }).expect(200);
    expect((await t.admin().get(`/api/items/${item.id}`)).body.path).toBe('/Fix It');
  });

  it('refuses to move a folder into its own subtree', async () => {
    const top = (await create({ type: 'folder', name: 'Top' }).expect(201)).body;
    const below = (await create({ type: 'folder', name: 'Below', folderId: top.id }).expect(201)).body;
    expect((await t.admin().patch(`/api/items/${top.id}`).send({ folderId: below.id }).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses to delete what is referenced (ITEM_IN_USE) and deletes folders recursively', async () => {
    const folder = (await create({ type: 'folder', name: 'Doomed' }).expect(201)).body;
    const inner = (await create({ type: 'folder', name: 'Inner', folderId: folder.id }).expect(201)).body;
    const tpl = (await create({ type: 'rule-template', name: 'Tpl', folderId: inner.id, content: template }).expect(201)).body;
    const user = (await create({ type: 'rule', name: 'Uses Tpl', content: ruleBody(tpl.id) }).expect(201)).body;
    const inUse = await t.admin().delete(`/api/items/${tpl.id}`).expect(409);
    expect(inUse.body).toMatchObject({ code: 'ITEM_IN_USE', referrers: [{ id: user.id, name: 'Uses Tpl', type: 'rule' }] });
    expect((await t.admin().delete(`/api/items/${folder.id}?recursive=true`).expect(409)).body.code).toBe('ITEM_IN_USE');
    expect((await t.admin().delete(`/api/items/${folder.id}`).expect(409)).body.code).toBe('CONFLICT');
    await t.admin().delete(`/api/items/${user.id}`).expect(204);
    await t.admin().delete(`/api/items/${folder.id}?recursive=true`).expect(204);
    for (const id of [folder.id, inner.id, tpl.id]) await t.admin().get(`/api/items/${id}`).expect(404);
    expect((await t.admin().delete(`/api/items/${folder.id}`).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('deletes a folder of several pages of items at once, references inside it included', async () => {
    const folder = (await create({ type: 'folder', name: 'Big Doomed' }).expect(201)).body;
    const inner = (await create({ type: 'folder', name: 'Inner', folderId: folder.id }).expect(201)).body;
    const tpl = (await create({ type: 'rule-template', name: 'Inner Tpl', folderId: inner.id, content: template }).expect(201)).body;
    const ids = [folder.id, inner.id, tpl.id];
    for (let i = 0; i < 230; i++) {
      ids.push((await create({ type: 'rule', name: `Rule ${i}`, folderId: i % 2 ? inner.id : folder.id, content: ruleBody(tpl.id) }).expect(201)).body.id);
    }
    await t.admin().delete(`/api/items/${folder.id}?recursive=true`).expect(204);
    for (const id of ids) await t.admin().get(`/api/items/${id}`).expect(404);
    const history = (await t.admin().get(`/api/items/${tpl.id}/history`).expect(200)).body as { change: string }[];
    expect(history.map((h) => h.change)).toEqual(['created', 'deleted']);
  });

  it('reports rules complete only with a complete body and resolving templates', async () => {
    const tpl = (await create({ type: 'rule-template', name: 'Complete Tpl', content: template }).expect(201)).body;
    expect(tpl.complete).toBe(true);
    const good = (await create({ type: 'rule', name: 'Good', content: ruleBody(tpl.id) }).expect(201)).body;
    expect(good.complete).toBe(true);
    const dangling = (
      await create({
        type: 'rule',
        name: 'Dangling',
        content: ruleBody('00000000-0000-4000-8000-000000000000'),
      }).expect(201)
    ).body;
    expect(dangling.complete).toBe(false);
    const empty = (await create({ type: 'rule', name: 'No Body', content: {} }).expect(201)).body;
    expect(empty.complete).toBe(false);
    const partial = (await create({ type: 'rule', name: 'Partial', content: incompleteRuleBody() }).expect(201)).body;
    expect(partial.complete).toBe(false);
  });

  it('lists with filters and cursor paging', async () => {
    const folder = (await create({ type: 'folder', name: 'Paged' }).expect(201)).body;
    for (let i = 0; i < 7; i++) await create({ type: 'rule', name: `Rule ${i}`, folderId: folder.id }).expect(201);
    await create({ type: 'action', name: 'An Action', folderId: folder.id }).expect(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/items?folderId=${folder.id}&type=rule&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.admin().get(url).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((i: { name: string }) => i.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Rule 0', 'Rule 1', 'Rule 2', 'Rule 3', 'Rule 4', 'Rule 5', 'Rule 6']);
    const q = await t.admin().get(`/api/items?q=AN%20acti`).expect(200);
    expect(q.body.items.map((i: { name: string }) => i.name)).toEqual(['An Action']);
    const root = await t.admin().get('/api/items?folderId=root&type=folder&limit=500').expect(200);
    expect(root.body.items.every((i: { folderId: string | null }) => i.folderId === null)).toBe(true);
    expect((await t.admin().get('/api/items?limit=501').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.admin().get('/api/items?cursor=garbage').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('shows the tree with folders and their items', async () => {
    const folder = (await create({ type: 'folder', name: 'Treed' }).expect(201)).body;
    const rule = (await create({ type: 'rule', name: 'Leaf', folderId: folder.id }).expect(201)).body;
    const tree = await t.admin().get('/api/tree').expect(200);
    expect(tree.body.nextCursor).toBeNull();
    const node = tree.body.items.find((n: { id: string }) => n.id === folder.id);
    expect(node).toEqual({ id: folder.id, type: 'folder', name: 'Treed', children: [{ id: rule.id, type: 'rule', name: 'Leaf' }] });
  });

  it('keeps an item history from the log, also after deletion', async () => {
    const item = (await create({ type: 'action', name: 'Historic' }).expect(201)).body;
    await t.admin().patch(`/api/items/${item.id}`).send({ name: 'Historic 2' }).expect(200);
    await t.admin().delete(`/api/items/${item.id}`).expect(204);
    const history = await t.admin().get(`/api/items/${item.id}/history`).expect(200);
    expect(history.body.map((h: { change: string }) => h.change)).toEqual(['created', 'renamed', 'deleted']);
    expect(history.body[1]).toMatchObject({ by: 'admin', detail: { name: 'Historic 2' }, position: expect.stringMatching(/^\d+$/) });
    await t.admin().get('/api/items/00000000-0000-4000-8000-000000000000/history').expect(404);
  });
});
