import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ADMIN_TOKEN, appForSuite, listen } from './support/test-app';
import { eventually } from './support/eventually';

/**
 * Issue 18 item 2: an upload is checked before its body is read (a data store that names that
 * file), streamed to a temporary file, and moved into blobs/ only when the command succeeds. A
 * refused, truncated or aborted upload leaves nothing behind in tmp/ or blobs/, and so does a
 * truncated multipart restore.
 */
describe('file uploads leave nothing behind (e2e)', () => {
  let base: string;
  let store: string;
  let folder: string;
  const MAX = 100_000;

  const t = appForSuite({
    env: { STRATA_MAX_UPLOAD_BYTES: String(MAX) },
    setup: async () => {
      base = await listen(t);
      store = await create({
        type: 'datastore',
        name: 'Roads',
        content: {
          importCredentials: [
            { name: 'Source', datatype: 'upload', value: 'roads.zip' },
            { name: 'Styles', datatype: 'upload', value: null, displayValue: 'styles.qml' },
          ],
        },
      });
      folder = await create({ type: 'folder', name: 'Not A Store' });
    },
    timeout: 180_000,
  });

  async function create(body: Record<string, unknown>): Promise<string> {
    return (await t.admin().post('/api/items').send(body).expect(201)).body.id;
  }
  const put = (id: string, name: string, bytes: Buffer) =>
    t
      .admin()
      .put(`/api/items/${id}/files/${encodeURIComponent(name)}`)
      .set('Content-Type', 'application/octet-stream')
      .send(bytes);
  /** Every file under blobs/ and tmp/, once the service has cleaned up (it may do so just after it answered). */
  const leftovers = async (): Promise<string[]> => {
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const files = () => ['blobs', 'tmp'].flatMap((d) => walk(path.join(t.dataDir, d))).map((f) => path.relative(t.dataDir, f));
    return eventually(files, (found) => found.length === 0, 5_000).catch(() => files());
  };
  const bytes = (n: number, fill = 'x') => Buffer.alloc(n, fill);

  it('refuses, before reading it, a file for an item that is no data store or does not name it', async () => {
    const notStore = await put(folder, 'roads.zip', bytes(5000)).expect(400);
    expect(notStore.body.detail).toMatch(/data store/);
    const unnamed = await put(store, 'other.zip', bytes(5000)).expect(400);
    expect(unnamed.body.detail).toMatch(/other\.zip/);
    await put('00000000-0000-4000-8000-000000000000', 'roads.zip', bytes(5000)).expect(404);
    await put(store, 'bad\u0001name', bytes(10)).expect(400);
    expect(await leftovers()).toEqual([]);
  });

  it('keeps nothing of an upload over the limit', async () => {
    expect((await put(store, 'roads.zip', bytes(MAX + 1)).expect(413)).body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await leftovers()).toEqual([]);
  });

  it('keeps nothing of an upload the client gives up on halfway', async () => {
    await new Promise<void>((resolve) => {
      const req = http.request(`${base}/api/items/${store}/files/roads.zip`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/octet-stream', 'Content-Length': '50000' },
      });
      req.on('error', () => resolve());
      req.write(bytes(20_000), () => setTimeout(() => req.destroy(), 200));
      req.on('close', () => resolve());
    });
    expect(await leftovers()).toEqual([]);
  });

  it('keeps nothing when the item goes away while its file is on the way', async () => {
    const doomed = await create({ type: 'datastore', name: 'Doomed', content: { exportCredentials: [{ name: 'f', datatype: 'upload', value: 'a.bin' }] } });
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/api/items/${doomed}/files/a.bin`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/octet-stream', 'Content-Length': '2000' },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.write(bytes(1000), async () => {
        await t.admin().delete(`/api/items/${doomed}`).expect(204);
        req.end(bytes(1000));
      });
    });
    expect(status).toBe(404);
    expect(await leftovers()).toEqual([]);
  });

  it('stores a file the data store names (its value or its display value) as a blob', async () => {
    await put(store, 'roads.zip', bytes(3000, 'r')).expect(204);
    await put(store, 'styles.qml', bytes(10, 's')).expect(204);
    expect((await t.admin().get(`/api/items/${store}`).expect(200)).body.needs).toEqual([]);
    const kept = await leftovers();
    expect(kept).toHaveLength(2);
    expect(kept.every((f) => f.startsWith(`blobs${path.sep}`))).toBe(true);
  });

  it('keeps nothing of a truncated multipart restore', async () => {
    const boundary = 'strata-test-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="cut.json"\r\nContent-Type: application/json\r\n\r\n`;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/api/restores`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(head + '{"format":"strata-backup","items":[');
    });
    expect(status).toBe(400);
    expect((await leftovers()).filter((f) => !f.startsWith('blobs'))).toEqual([]);
  });
});
