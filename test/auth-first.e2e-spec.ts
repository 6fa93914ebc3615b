import fs from 'node:fs';
import path from 'node:path';
import { TestApp, appForSuite } from './support/test-app';

/**
 * Issue 18 item 3: the token is checked before any body is read, for JSON bodies and uploads:
 * an anonymous client gets 401, never a 400 or 413 about a body it had no right to send, and a
 * user without the role gets 403 before the body is looked at. Item 8's last point too: unknown
 * /api routes tell an anonymous client nothing (401), and 404 only once it is authenticated.
 */
describe('authentication before bodies (e2e)', () => {
  const MAX_JSON = 1000;
  const big = JSON.stringify({ type: 'folder', name: 'x'.repeat(MAX_JSON * 2) });

  const t = appForSuite({ user: 'plain', env: { STRATA_MAX_JSON_BYTES: String(MAX_JSON), STRATA_MAX_UPLOAD_BYTES: '1000' }, timeout: 180_000 });

  const json = (req: ReturnType<ReturnType<TestApp['anonymous']>['post']>, body: string) => req.set('Content-Type', 'application/json').send(body);

  it('answers 401 to an anonymous malformed JSON body, not 400', async () => {
    const res = await json(t.anonymous().post('/api/items'), '{"type": "folder", "name": ').expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 to an anonymous JSON body over the limit, not 413', async () => {
    expect((await json(t.anonymous().post('/api/items'), big).expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await json(t.anonymous().post('/api/items').set('Authorization', 'Bearer not-a-token'), big).expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await json(t.anonymous().post('/api/restores'), big).expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await json(t.anonymous().post('/api/admin/repository/rollback'), '{"asOf":').expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 403 to a user without the role before looking at the body', async () => {
    const res = await json(t.user().post('/api/users'), '{"name": ').expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await json(t.user().post('/api/admin/repository/rollback'), big).expect(403);
  });

  it('still reads the body of an authenticated request: 400 for bad JSON, 413 over the limit', async () => {
    expect((await json(t.admin().post('/api/items'), '{"type": ').expect(400)).body.detail).toMatch(/not valid JSON/);
    expect((await json(t.admin().post('/api/items'), big).expect(413)).body.code).toBe('PAYLOAD_TOO_LARGE');
    await json(t.admin().post('/api/items'), JSON.stringify({ type: 'folder', name: 'Fine' })).expect(201);
  });

  it('answers 401 to anonymous uploads and restores, whatever they send, and keeps nothing', async () => {
    const store = (
      await t
        .admin()
        .post('/api/items')
        .send({ type: 'datastore', name: 'Store', content: { importCredentials: [{ name: 'f', datatype: 'upload', value: 'a.zip' }] } })
        .expect(201)
    ).body.id;
    await t.anonymous().put(`/api/items/${store}/files/a.zip`).set('Content-Type', 'application/octet-stream').send(Buffer.alloc(5000)).expect(401);
    await t.anonymous().post('/api/restores').attach('files', Buffer.alloc(5000), 'big.json').expect(401);
    await t.anonymous().post('/api/admin/repository/restore').set('Content-Type', 'application/json').send(big).expect(401);
    const kept = ['blobs', 'tmp'].flatMap((dir) => fs.readdirSync(path.join(t.dataDir, dir)));
    expect(kept).toEqual([]);
  });

  it('answers unknown /api routes 401 without a valid token, 404 with one', async () => {
    for (const url of ['/api', '/api/', '/api/no-such-route', '/api/items/a/b/c/d']) {
      const anonymous = await t.anonymous().get(url).expect(401);
      expect(anonymous.body.code).toBe('UNAUTHENTICATED');
      await t.anonymous().get(url).set('Authorization', 'Bearer wrong-token').expect(401);
      const known = await t.admin().get(url).expect(404);
      expect(known.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(known.body.code).toBe('NOT_FOUND');
    }
    await json(t.anonymous().post('/api/no-such-route'), '{"bad').expect(401);
    await t.user().delete('/api/no-such-route').expect(404);
    // What is public stays public.
    await t.anonymous().get('/api/health').expect(200);
    await t.anonymous().get('/api/docs-json').expect(200);
  });
});
