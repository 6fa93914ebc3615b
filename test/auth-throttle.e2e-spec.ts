import { appForSuite, startApp, stopApp } from './support/test-app';

/**
 * Issue 18 item 4: failed authentication is throttled per client address. Only failures count
 * (a client with a valid token can make any number of requests); past the limit the address gets
 * 429 with Retry-After until the window has passed, valid token or not, so that a guess that
 * happens to be right cannot be told from a wrong one while the address is refused.
 */
describe('throttling failed authentication (e2e)', () => {
  const LIMIT = 5;
  const WINDOW_SECONDS = 2;
  const t = appForSuite({
    env: { STRATA_AUTH_FAILURE_LIMIT: String(LIMIT), STRATA_AUTH_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS), STRATA_TRUST_PROXY: 'loopback' },
    timeout: 180_000,
  });

  /** A client at `address` (the app trusts X-Forwarded-For from loopback, as behind a reverse proxy). */
  const from = (address: string, token?: string) => {
    const req = t.anonymous().get('/api/users/me').set('X-Forwarded-For', address);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  const statuses = async (n: number, address: string, token?: string) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await from(address, token)).status);
    return out;
  };

  it('never slows a client that presents a valid token', async () => {
    const valid = await statuses(60, '203.0.113.1', 'test-admin-token-0123456789abcdef');
    expect(new Set(valid)).toEqual(new Set([200]));
  });

  it('answers 429 with Retry-After once an address has failed too often, and again after the window', async () => {
    const address = '203.0.113.2';
    expect(await statuses(LIMIT, address, 'wrong-token')).toEqual(Array(LIMIT).fill(401));
    const refused = await from(address, 'wrong-token').expect(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_SECONDS).toBe(true);
    expect(JSON.stringify(refused.body)).not.toContain('wrong-token');

    // While refused, every request from the address is: a right guess looks like a wrong one.
    await from(address, 'test-admin-token-0123456789abcdef').expect(429);
    // Other addresses are not affected.
    await from('203.0.113.3', 'test-admin-token-0123456789abcdef').expect(200);
    expect(await statuses(2, '203.0.113.3', 'wrong-token')).toEqual([401, 401]);

    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 200));
    await from(address, 'test-admin-token-0123456789abcdef').expect(200);
    await from(address, 'wrong-token').expect(401);
  });

  it('counts a request without any token as no attempt', async () => {
    expect(new Set(await statuses(LIMIT * 3, '203.0.113.4'))).toEqual(new Set([401]));
    await from('203.0.113.4', 'test-admin-token-0123456789abcdef').expect(200);
  });

  it('ignores X-Forwarded-For unless the proxy is trusted', async () => {
    const direct = await startApp({ env: { STRATA_AUTH_FAILURE_LIMIT: '2', STRATA_AUTH_FAILURE_WINDOW_SECONDS: '60' } });
    try {
      const attempt = (address: string) => direct.anonymous().get('/api/tree').set('X-Forwarded-For', address).set('Authorization', 'Bearer guess');
      expect((await attempt('198.51.100.1')).status).toBe(401);
      expect((await attempt('198.51.100.2')).status).toBe(401);
      expect((await attempt('198.51.100.3')).status).toBe(429);
    } finally {
      await stopApp(direct);
    }
  });
});
