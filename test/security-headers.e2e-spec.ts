import { appForSuite } from './support/test-app';

/**
 * Issue 18 item 6: API responses carry repository data, so they are never cached and never
 * sniffed; helmet sets the usual security headers; the console and the OpenAPI UI each get a
 * content security policy they work under (the browser specs load both).
 */
describe('security headers (e2e)', () => {
  const t = appForSuite({ timeout: 180_000 });

  const expectApiHeaders = (headers: Record<string, string>) => {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['x-powered-by']).toBeUndefined();
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
  };

  it('marks every API answer no-store and nosniff: data, errors, health, downloads', async () => {
    const folder = (await t.admin().post('/api/items').send({ type: 'folder', name: 'F' }).expect(201)).body.id;
    expectApiHeaders((await t.admin().get(`/api/items/${folder}`).expect(200)).headers);
    expectApiHeaders((await t.admin().get('/api/tree').expect(200)).headers);
    expectApiHeaders((await t.anonymous().get('/api/health').expect(200)).headers);
    expectApiHeaders((await t.anonymous().get('/api/tree').expect(401)).headers);
    expectApiHeaders((await t.admin().get('/api/items/00000000-0000-4000-8000-000000000000').expect(404)).headers);
    expectApiHeaders(
      (
        await t
          .admin()
          .post('/api/backups')
          .send({ ids: [folder] })
          .expect(200)
      ).headers,
    );
    expectApiHeaders((await t.admin().get('/api/docs-json').expect(200)).headers);
  });

  it('gives the OpenAPI UI a policy that lets it run, and the console its strict one', async () => {
    const docs = await t.anonymous().get('/api/docs').expect(200);
    expect(docs.text).toContain('swagger-ui');
    const docsPolicy = docs.headers['content-security-policy'];
    expect(docsPolicy).toContain("script-src 'self'");
    expect(docsPolicy).toContain("object-src 'none'");
    expect(docsPolicy).not.toContain('upgrade-insecure-requests');
    expect(docs.headers['x-content-type-options']).toBe('nosniff');

    const page = await t.anonymous().get('/').expect(200);
    const policy = page.headers['content-security-policy'];
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-cache');
  });
});
