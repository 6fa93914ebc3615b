import { appForSuite } from './support/test-app';

/**
 * Issue 18 item 8: a bad moment names the parameter it came in, and a date that does not exist
 * (30 February) is refused instead of rolling over into March, wherever a moment is taken.
 */
describe('moments and their parameters (e2e)', () => {
  const t = appForSuite({
    setup: async () => {
      await t.admin().post('/api/items').send({ type: 'folder', name: 'Something' }).expect(201);
    },
    timeout: 180_000,
  });

  it('names "from" or "to" in /api/changes errors, not "asOf"', async () => {
    const from = await t.admin().get('/api/changes?from=bad').expect(400);
    expect(from.body.detail).toMatch(/^from /);
    expect(from.body.detail).not.toContain('asOf');
    const to = await t.admin().get('/api/changes?from=0&to=yesterday').expect(400);
    expect(to.body.detail).toMatch(/^to /);
    const future = await t.admin().get('/api/changes?from=0&to=99999999').expect(400);
    expect(future.body.detail).toMatch(/^to /);
    expect(future.body.detail).not.toContain('position');
  });

  it.each([
    ['/api/items?asOf=2026-02-30', 'asOf'],
    ['/api/items?asOf=2026-02-30T10:00:00Z', 'asOf'],
    ['/api/tree?asOf=2025-02-29', 'asOf'],
    ['/api/items?asOf=2026-04-31T00:00:00.000Z', 'asOf'],
    ['/api/items?asOf=2026-01-01T24:00:00Z', 'asOf'],
    ['/api/items?asOf=2026-01-01T10:60:00Z', 'asOf'],
    ['/api/admin/repository/backup?asOf=2026-06-31', 'asOf'],
    ['/api/changes?from=2026-02-30', 'from'],
    ['/api/changes?from=0&to=2026-11-31T00:00:00Z', 'to'],
    ['/api/restores?since=2026-02-30', 'since'],
    ['/api/restores?until=2026-02-30T00:00:00Z', 'until'],
  ])('refuses the impossible date in %s', async (url, name) => {
    const res = await t.admin().get(url).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).toContain(name);
  });

  it('refuses an impossible rollback moment, and takes real ones such as a leap day', async () => {
    await t.admin().post('/api/admin/repository/rollback').send({ asOf: '2026-02-29T00:00:00Z', dryRun: true }).expect(400);
    await t.admin().get('/api/items?asOf=2024-02-29T12:00:00Z').expect(200);
    await t.admin().get('/api/items?asOf=2026-01-31').expect(200);
    await t.admin().get('/api/restores?since=2024-02-29').expect(200);
    await t.admin().get('/api/changes?from=2024-02-29T00:00:00%2B02:00').expect(200);
  });
});
