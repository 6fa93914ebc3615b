import { appForSuite } from './support/test-app';

/** The console's static files at `/` (issue 8) beside the API, which keeps its own 404s and auth. */
describe('console static files (e2e)', () => {
  const t = appForSuite({ timeout: 180_000 });

  it('serves the console at / without a token, with a strict content security policy', async () => {
    const res = await t.anonymous().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<div id="root"></div>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(res.text)![1];
    const asset = await t.anonymous().get(script).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('answers its screens with index.html, so a reload of /history or /admin works', async () => {
    for (const page of ['/history', '/admin', '/some/deep/link']) {
      const res = await t.anonymous().get(page).set('Accept', 'text/html').expect(200);
      expect(res.text).toContain('<div id="root"></div>');
    }
  });

  it('leaves missing files and everything under /api to the API: problem+json 404s, auth', async () => {
    const asset = await t.anonymous().get('/assets/missing.js').expect(404);
    expect(asset.headers['content-type']).toMatch(/application\/problem\+json/);
    const api = await t.admin().get('/api/no-such-route').expect(404);
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(api.body.code).toBe('NOT_FOUND');
    // Unknown /api routes ask for a token before they say 404 (issue 18).
    await t.anonymous().get('/api').expect(401);
    await t.admin().get('/api').expect(404);
    await t.anonymous().get('/api/tree').expect(401);
    await t.anonymous().post('/').expect(404);
  });
});
