import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './support/build';
import { ServiceProcess } from './support/service-process';
import { writeGeneratedBackup } from './support/generated-backup';

const TOKEN = 'crash-test-admin-token-0123456789';

/**
 * SPEC §6: a full restore killed with SIGKILL leaves the repository all-before (or, had its batch
 * committed, all-after), and the restore is recorded accordingly when the service starts again.
 */
describe('a full restore interrupted by a crash (e2e)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-crash-'));
  const service = new ServiceProcess(dataDir, { STRATA_ADMIN_TOKEN: TOKEN });
  service.token = TOKEN;

  beforeAll(() => buildIfNeeded(), 180_000);
  afterAll(async () => {
    if (process.env.STRATA_TEST_DEBUG) process.stdout.write(service.output);
    await service.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const count = async () => {
    let total = 0;
    let cursor: string | null = null;
    do {
      const page: { body: { items: unknown[]; nextCursor: string | null } } = await service.api(
        'GET',
        `/api/items?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      );
      total += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    return total;
  };

  // Killed while parsing, nothing can have committed; killed while committing, either can be true.
  it.each([
    ['parsing', ['failed']],
    ['committing', ['failed', 'succeeded']],
  ])('killed while %s: all-before or all-after, and recorded so', async (phase, outcomes) => {
    await service.start();
    await service.api('POST', '/api/items', { type: 'folder', name: `Before ${phase}` });
    const before = await count();
    const file = path.join(dataDir, `big-${phase}.json`);
    const { items } = await writeGeneratedBackup(file, 40_000);

    const form = new FormData();
    form.append('file', await fs.openAsBlob(file), 'big.json');
    const started = await service.api('POST', '/api/admin/repository/restore', form, { Prefer: 'respond-async' });
    expect(started.status).toBe(202);
    const id = started.body.restoreId as string;
    for (let i = 0; i < 1200; i++) {
      const record = (await service.api('GET', `/api/restores/${id}`)).body;
      if (record.status !== 'running' || record.progress?.phase === phase) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await service.stop('SIGKILL');

    await service.start();
    const record = (await service.api('GET', `/api/restores/${id}`)).body;
    expect(outcomes).toContain(record.status);
    const after = await count();
    if (record.status === 'succeeded') expect(after).toBe(items);
    else {
      expect(record).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/) });
      expect(after).toBe(before);
    }
    expect(fs.readdirSync(path.join(dataDir, 'tmp')).filter((f) => /^(upload|restore)-/.test(f))).toEqual([]);
    await service.stop();
  }, 180_000);
});
