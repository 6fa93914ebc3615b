import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { appForSuite, startApp, stopApp } from './support/test-app';

const PASSWORD = 'Pa55-word-NEVER-in-clear-7f3a';

/** SPEC §3 secrets and files: write-only passwords, needs, content-addressed uploads. */
describe('secrets and files (e2e)', () => {
  let storeId: string;

  const t = appForSuite();

  const datastore = {
    type: 'datastore',
    name: 'Roads',
    content: {
      importType: 'FileGDB',
      importCredentials: [
        { name: 'Source Files (.gdb)', datatype: 'upload', value: 'roads.zip', displayValue: 'roads.zip' },
        { name: 'Password', datatype: 'password', value: PASSWORD, displayValue: '****' },
        { name: 'User', datatype: 'string', value: 'gis' },
      ],
    },
  };

  it('never shows a password given with the content, and says what the store needs', async () => {
    const res = await t.admin().post('/api/items').send(datastore).expect(201);
    storeId = res.body.id;
    expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
    const password = res.body.content.importCredentials.find((p: { name: string }) => p.name === 'Password');
    expect(password).toEqual({ name: 'Password', datatype: 'password', value: null, displayValue: '****', isSet: true });
    expect(res.body.needs).toEqual(['files']);
  });

  it('needs a password when none was given, until PUT …/password', async () => {
    const bare = structuredClone(datastore);
    bare.name = 'Roads Bare';
    bare.content.importCredentials[1].value = null as unknown as string;
    const created = (await t.admin().post('/api/items').send(bare).expect(201)).body;
    expect(created.needs).toEqual(['password', 'files']);
    await t.admin().put(`/api/items/${created.id}/password`).send({ name: 'Password', value: PASSWORD }).expect(204);
    const after = (await t.admin().get(`/api/items/${created.id}`).expect(200)).body;
    expect(after.needs).toEqual(['files']);
    expect(JSON.stringify(after)).not.toContain(PASSWORD);
    const wrong = await t.admin().put(`/api/items/${created.id}/password`).send({ name: 'User', value: 'x' }).expect(400);
    expect(wrong.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(wrong.body)).not.toContain('"x"');
  });

  it('keeps a set password when content comes back with value null', async () => {
    const current = (await t.admin().get(`/api/items/${storeId}`).expect(200)).body;
    const updated = await t.admin().patch(`/api/items/${storeId}`).send({ content: current.content }).expect(200);
    expect(updated.body.needs).toEqual(['files']);
  });

  it('stores uploaded files as content-addressed blobs and lists them', async () => {
    const bytes = Buffer.from('PK\u0003\u0004 pretend zip ' + 'z'.repeat(5000));
    await t.admin().put(`/api/items/${storeId}/files/roads.zip`).set('Content-Type', 'application/octet-stream').send(bytes).expect(204);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const files = await t.admin().get(`/api/items/${storeId}/files`).expect(200);
    expect(files.body).toEqual([{ name: 'roads.zip', size: bytes.length, sha256 }]);
    expect(fs.readFileSync(path.join(t.dataDir, 'blobs', sha256.slice(0, 2), sha256))).toEqual(bytes);
    const after = (await t.admin().get(`/api/items/${storeId}`).expect(200)).body;
    expect(after.needs).toEqual([]);
    await t.admin().get('/api/items/00000000-0000-4000-8000-000000000000/files').expect(404);
  });

  it('refuses uploads above STRATA_MAX_UPLOAD_BYTES with 413', async () => {
    const small = await startApp({ env: { STRATA_MAX_UPLOAD_BYTES: '1000' } });
    try {
      const id = (
        await small
          .admin()
          .post('/api/items')
          .send({ ...datastore, name: 'Small' })
          .expect(201)
      ).body.id;
      const res = await small.admin().put(`/api/items/${id}/files/roads.zip`).set('Content-Type', 'application/octet-stream').send(Buffer.alloc(5000));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await stopApp(small);
    }
  });

  it('never writes the password in clear anywhere in the data dir (log, read model, secrets table)', async () => {
    const needle = Buffer.from(PASSWORD);
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (fs.readFileSync(full).includes(needle)) offenders.push(full);
      }
    };
    walk(t.dataDir);
    expect(offenders).toEqual([]);
  });
});
