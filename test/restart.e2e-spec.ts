import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './support/build';
import { ServiceProcess } from './support/service-process';
import { dataDirSources, findSecrets, makeSecret } from './support/secret-scan';

const ROOT = path.resolve(__dirname, '..');
const PASSWORD = makeSecret('restart');

/**
 * The built service as a child process: first-start admin token, persistence across restarts,
 * a rebuilt read model giving the same answers, and no password in logs or on disk.
 */
describe('service process: restart, rebuild, secrets (e2e)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-proc-'));
  const service = new ServiceProcess(dataDir);

  beforeAll(() => buildIfNeeded(), 180_000);
  afterAll(async () => {
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const snapshot = async () => ({
    tree: (await service.api('GET', '/api/tree')).body,
    items: (await service.api('GET', '/api/items?limit=500')).body,
    health: (await service.api('GET', '/api/health')).body,
  });

  it('prints the first admin token once, persists across restarts and rebuilds the view to the same answers', async () => {
    const first = await service.start();
    const match = /token, shown only now:\n(strata_\S+)/.exec(first);
    expect(match).not.toBeNull();
    service.token = match![1];

    const folder = (await service.api('POST', '/api/items', { type: 'folder', name: 'Persisted' })).body;
    await service.api('POST', '/api/items', { type: 'rule', name: 'Kept', folderId: folder.id, content: { rootTerm: { kind: 'Not' } } });
    const store = (
      await service.api('POST', '/api/items', {
        type: 'datastore',
        name: 'Secret Store',
        content: { importCredentials: [{ name: 'pw', datatype: 'password', value: null }] },
      })
    ).body;
    expect((await service.api('PUT', `/api/items/${store.id}/password`, { name: 'pw', value: PASSWORD })).status).toBe(204);
    await service.api('PATCH', `/api/items/${folder.id}`, { description: 'edited' });
    const before = await snapshot();
    expect(before.items.items).toHaveLength(3);

    await service.stop();
    const second = await service.start();
    expect(second).not.toMatch(/shown only now/);
    expect(await snapshot()).toEqual(before);

    // The read model is disposable: delete it, rebuild it from the log, same answers.
    await service.stop();
    fs.rmSync(path.join(dataDir, 'view.db'));
    const rebuilt = execFileSync(process.execPath, [path.join(ROOT, 'dist/src/rebuild-view.js')], {
      env: { ...process.env, STRATA_DATA_DIR: dataDir },
    }).toString();
    expect(rebuilt).toMatch(/rebuilt up to position \d+/);
    await service.start();
    expect(await snapshot()).toEqual(before);

    // …and the service rebuilds it by itself when it is missing.
    await service.stop();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, `view.db${suffix}`), { force: true });
    await service.start();
    expect(await snapshot()).toEqual(before);
    expect((await service.api('GET', `/api/items/${store.id}`)).body.needs).toEqual([]);

    await service.stop();
    // The happy path only; every other path, with logging that has something to say, in secrets-everywhere.e2e-spec.ts.
    expect(findSecrets({ restart: PASSWORD }, [{ name: 'stdout/stderr', bytes: Buffer.from(service.output) }, ...dataDirSources(dataDir)])).toEqual([]);
  }, 120_000);
});
