import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './support/build';
import { ServiceProcess } from './support/service-process';

const TOKEN = 'permissions-admin-token-0123456789';

/**
 * Issue 18 item 7: whoever made the data dir (an admin with a umask of 022, say), the service
 * makes it private at start (0700, its folders too) and creates every file 0600: the event log,
 * the read model, blobs, temporary uploads and the key file.
 */
describe('a private data dir (e2e, child process)', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-perms-'));
  const dataDir = path.join(parent, 'data');
  const service = new ServiceProcess(dataDir, { STRATA_ADMIN_TOKEN: TOKEN });
  const mode = (p: string) => fs.statSync(p).mode & 0o777;
  /** Every entry under the data dir with its mode, as "relative/path 0600". */
  const modes = (): string[] => {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        out.push(`${path.relative(dataDir, full)} ${mode(full).toString(8).padStart(4, '0')}`);
        if (e.isDirectory()) walk(full);
      }
    };
    walk(dataDir);
    return out;
  };

  beforeAll(() => {
    buildIfNeeded();
    // As an admin would have made it beforehand: readable by everyone, and a folder inside too.
    fs.mkdirSync(path.join(dataDir, 'blobs'), { recursive: true });
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'blobs'), 0o755);
  }, 180_000);
  afterAll(async () => {
    await service.stop();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('tightens the data dir to 0700 and creates its files 0600, blobs and temporary files included', async () => {
    await service.start();
    service.token = TOKEN;
    expect(mode(dataDir)).toBe(0o700);
    const store = await service.api('POST', '/api/items', {
      type: 'datastore',
      name: 'Private',
      content: {
        importCredentials: [
          { name: 'f', datatype: 'upload', value: 'a.bin' },
          { name: 'pw', datatype: 'password', value: 'secret-value-1' },
        ],
      },
    });
    expect(store.status).toBe(201);
    const put = await fetch(`${service.url}/api/items/${store.body.id}/files/a.bin`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream' },
      body: 'file bytes',
    });
    expect(put.status).toBe(204);
    const form = new FormData();
    form.append('files', new Blob(['{"format":"strata-backup","version":1,"scope":"items","items":[]}']), 'empty.json');
    expect((await service.api('POST', '/api/restores', form)).status).toBe(200);

    const entries = modes();
    for (const name of ['events.db', 'view.db', 'secret.key', 'blobs', 'tmp']) expect(entries.some((e) => e.startsWith(`${name} `))).toBe(true);
    expect(entries.some((e) => e.startsWith(`blobs${path.sep}`) && e.endsWith('0600'))).toBe(true);
    const loose = entries.filter((e) => {
      const [p, m] = e.split(' ');
      return fs.statSync(path.join(dataDir, p)).isDirectory() ? m !== '0700' : m !== '0600';
    });
    expect(loose).toEqual([]);
  });
});
