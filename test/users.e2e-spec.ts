import { ADMIN_TOKEN, appForSuite } from './support/test-app';

/** SPEC §2: tokens, roles, users. */
describe('users and access (e2e)', () => {
  const t = appForSuite();

  it('needs a bearer token everywhere but health (401 problem+json)', async () => {
    const missing = await t.anonymous().get('/api/items').expect(401);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const unknown = await t.as('not-a-real-token').get('/api/items').expect(401);
    expect(unknown.body.code).toBe('UNAUTHENTICATED');
    await t.anonymous().get('/api/users/me').set('Authorization', 'Basic abc').expect(401);
  });

  it('STRATA_ADMIN_TOKEN is the admin user, and only that exact token', async () => {
    const me = await t.as(ADMIN_TOKEN).get('/api/users/me').expect(200);
    expect(me.body).toEqual({ id: expect.any(String), name: 'admin', role: 'admin' });
    for (const near of [`${ADMIN_TOKEN}x`, ADMIN_TOKEN.slice(0, -1), ADMIN_TOKEN.toUpperCase()]) {
      expect((await t.as(near).get('/api/users/me').expect(401)).body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('creates users whose token is shown once and works at once', async () => {
    const created = await t.admin().post('/api/users').send({ name: 'alice', role: 'user' }).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'alice', role: 'user', token: expect.stringMatching(/^strata_/) });
    const me = await t.as(created.body.token).get('/api/users/me').expect(200);
    expect(me.body).toEqual({ id: created.body.id, name: 'alice', role: 'user' });
    const list = await t.admin().get('/api/users').expect(200);
    expect(list.body.items).toEqual(expect.arrayContaining([{ id: created.body.id, name: 'alice', role: 'user' }, expect.objectContaining({ name: 'admin' })]));
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect((await t.admin().post('/api/users').send({ name: 'alice', role: 'user' }).expect(409)).body.code).toBe('CONFLICT');
  });

  it('keeps /api/users for admins (403 for users)', async () => {
    const bob = (await t.admin().post('/api/users').send({ name: 'bob', role: 'user' }).expect(201)).body;
    const forbidden = await t.as(bob.token).get('/api/users').expect(403);
    expect(forbidden.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    await t.as(bob.token).post('/api/users').send({ name: 'eve', role: 'admin' }).expect(403);
    // but a user works with items
    await t.as(bob.token).post('/api/items').send({ type: 'folder', name: 'Bob Folder' }).expect(201);
  });

  it('validates user requests', async () => {
    expect((await t.admin().post('/api/users').send({ name: 'x', role: 'root' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.admin().post('/api/users').send({ role: 'user' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await t.admin().delete('/api/users/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it("revokes a deleted user's token at once", async () => {
    const carol = (await t.admin().post('/api/users').send({ name: 'carol', role: 'admin' }).expect(201)).body;
    await t.as(carol.token).get('/api/users').expect(200);
    await t.admin().delete(`/api/users/${carol.id}`).expect(204);
    await t.as(carol.token).get('/api/users/me').expect(401);
    const me = await t.admin().get('/api/users/me');
    expect((await t.admin().delete(`/api/users/${me.body.id}`).expect(409)).body.code).toBe('CONFLICT');
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await t.anonymous().get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/items', '/api/items/{id}', '/api/users', '/api/users/me', '/api/tree', '/api/health']),
    );
    const ui = await t.anonymous().get('/api/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    expect(ui.text).toMatch(/swagger-ui/i);
  });
});
