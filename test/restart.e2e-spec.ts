import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const PASSWORD = 'restart-secret-Zq9-never-in-logs';

/**
 * The built service as a child process: first-start admin token, persistence across restarts,
 * a rebuilt read model giving the same answers, and no password in logs or on disk.
 */
describe('service process: restart, rebuild, secrets (e2e)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-proc-'));
  let output = '';
  let child: ChildProcess | null = null;
  let port = 0;
  let token = '';

  beforeAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-if-needed.js')], { cwd: ROOT, stdio: 'inherit' });
  }, 180_000);
  afterAll(async () => {
    await stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<string> {
    port = await freePort();
    let mine = '';
    child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
      env: { ...process.env, PORT: String(port), STRATA_DATA_DIR: dataDir, STRATA_ADMIN_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      mine += chunk.toString();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const deadline = Date.now() + 30_000;
    while (!/listening on/.test(mine)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`service did not start:\n${mine}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return mine;
  }

  async function stop(): Promise<void> {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    child = null;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const api = async (method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`http://127.0.0.1:${port}${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };

  const snapshot = async () => ({
    tree: (await api('GET', '/api/tree')).body,
    items: (await api('GET', '/api/items?limit=500')).body,
    health: (await api('GET', '/api/health')).body,
  });

  it('prints the first admin token once, persists across restarts and rebuilds the view to the same answers', async () => {
    const first = await start();
    const match = /token, shown only now:\n(strata_\S+)/.exec(first);
    expect(match).not.toBeNull();
    token = match![1];

    const folder = (await api('POST', '/api/items', { type: 'folder', name: 'Persisted' })).body;
    await api('POST', '/api/items', { type: 'rule', name: 'Kept', folderId: folder.id, content: { rootTerm: { kind: 'Not' } } });
    const store = (
      await api('POST', '/api/items', {
        type: 'datastore',
        name: 'Secret Store',
        content: { importCredentials: [{ name: 'pw', datatype: 'password', value: null }] },
      })
    ).body;
    expect((await api('PUT', `/api/items/${store.id}/password`, { name: 'pw', value: PASSWORD })).status).toBe(204);
    await api('PATCH', `/api/items/${folder.id}`, { description: 'edited' });
    const before = await snapshot();
    expect(before.items.items).toHaveLength(3);

    await stop();
    const second = await start();
    expect(second).not.toMatch(/shown only now/);
    expect(await snapshot()).toEqual(before);

    // The read model is disposable: delete it, rebuild it from the log, same answers.
    await stop();
    fs.rmSync(path.join(dataDir, 'view.db'));
    const rebuilt = execFileSync(process.execPath, [path.join(ROOT, 'dist/src/rebuild-view.js')], {
      env: { ...process.env, STRATA_DATA_DIR: dataDir },
    }).toString();
    expect(rebuilt).toMatch(/rebuilt up to position \d+/);
    await start();
    expect(await snapshot()).toEqual(before);

    // …and the service rebuilds it by itself when it is missing.
    await stop();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, `view.db${suffix}`), { force: true });
    await start();
    expect(await snapshot()).toEqual(before);
    expect((await api('GET', `/api/items/${store.id}`)).body.needs).toEqual([]);

    await stop();
    expect(output).not.toContain(PASSWORD);
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (fs.readFileSync(full).includes(Buffer.from(PASSWORD))) offenders.push(full);
      }
    };
    walk(dataDir);
    expect(offenders).toEqual([]);
  }, 120_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
