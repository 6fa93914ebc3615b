import fs from 'node:fs';
import path from 'node:path';
import { appForSuite } from './support/test-app';
import { asText, backupDocument, backupItem, restore } from './support/restore-helpers';

/**
 * Issue 18 item 1: a param's datatype is recognised whatever its spelling (`Password`,
 * `PASSWORD`, `Upload`: 1Integrate itself writes `Timestamp`), at every entrance (API, item
 * restores of Strata JSON and legacy XML, full restores), and a password value that is not a
 * string is refused instead of being dropped.
 */
describe('param datatypes whatever their case (e2e)', () => {
  const SECRETS = ['CLEAR-api-one-4d1c', 'CLEAR-api-two-9e2f', 'CLEAR-json-7a10', 'CLEAR-xml-33b8', 'CLEAR-full-0c5e', 'CLEAR-number-1234'];

  const t = appForSuite({ timeout: 180_000 });

  const text = asText;
  const dataDirFilesHolding = (needle: string): string[] => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (fs.readFileSync(full).includes(Buffer.from(needle))) offenders.push(path.relative(t.dataDir, full));
      }
    };
    walk(t.dataDir);
    return offenders;
  };

  it('takes "Password" and "PASSWORD" params as secrets and "Upload" params as files, through the API', async () => {
    const res = await t
      .admin()
      .post('/api/items')
      .send({
        type: 'datastore',
        name: 'Mixed Case',
        content: {
          importCredentials: [
            { name: 'Password', datatype: 'Password', value: SECRETS[0] },
            { name: 'Source', datatype: 'Upload', value: 'roads.zip' },
          ],
          exportCredentials: [{ name: 'Admin password', datatype: 'PASSWORD', value: SECRETS[1] }],
        },
      })
      .expect(201);
    expect(JSON.stringify(res.body)).not.toMatch(/CLEAR-/);
    expect(res.body.content.importCredentials[0]).toEqual({ name: 'Password', datatype: 'Password', value: null, isSet: true });
    expect(res.body.content.exportCredentials[0]).toMatchObject({ datatype: 'PASSWORD', value: null, isSet: true });
    expect(res.body.needs).toEqual(['files']);

    await t.admin().put(`/api/items/${res.body.id}/password`).send({ name: 'Password', value: SECRETS[0] }).expect(204);
    await t.admin().put(`/api/items/${res.body.id}/files/roads.zip`).set('Content-Type', 'application/octet-stream').send(Buffer.from('zip')).expect(204);
    expect((await t.admin().get(`/api/items/${res.body.id}`).expect(200)).body.needs).toEqual([]);

    const backup = await t
      .admin()
      .post('/api/backups')
      .send({ ids: [res.body.id] })
      .buffer(true)
      .parse(text)
      .expect(200);
    expect(backup.body).not.toMatch(/CLEAR-/);
  });

  it('refuses a password value that is not a string with 400, writing nothing and echoing nothing', async () => {
    const before = (await t.admin().get('/api/items?type=datastore').expect(200)).body.items.length;
    const res = await t
      .admin()
      .post('/api/items')
      .send({ type: 'datastore', name: 'Numeric', content: { importCredentials: [{ name: 'pw', datatype: 'password', value: 1234 }] } })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.detail).toMatch(/pw/);
    expect(JSON.stringify(res.body)).not.toContain('1234');
    const nested = await t
      .admin()
      .post('/api/items')
      .send({ type: 'datastore', name: 'Nested', content: { importCredentials: [{ name: 'pw', datatype: 'Password', value: { secret: SECRETS[5] } }] } })
      .expect(400);
    expect(JSON.stringify(nested.body)).not.toMatch(/CLEAR-/);
    expect((await t.admin().get('/api/items?type=datastore').expect(200)).body.items.length).toBe(before);

    const id = (await t.admin().post('/api/items').send({ type: 'datastore', name: 'Later', content: {} }).expect(201)).body.id;
    await t
      .admin()
      .patch(`/api/items/${id}`)
      .send({ content: { importCredentials: [{ name: 'pw', datatype: 'PASSWORD', value: true }] } })
      .expect(400);
    expect((await t.admin().get(`/api/items/${id}`).expect(200)).body.version).toBe(1);
  });

  it('strips mixed-case secrets and files from Strata JSON and legacy XML item restores', async () => {
    const json = backupDocument([
      backupItem({
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        type: 'datastore',
        name: 'From JSON',
        content: {
          importCredentials: [
            { name: 'pw', datatype: 'PaSsWoRd', value: SECRETS[2] },
            { name: 'file', datatype: 'UPLOAD', value: 'C:\\temp\\upload_1.tmp', displayValue: 'data.zip' },
          ],
        },
      }),
    ]);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Backup xmlns="http://schema.onespatial.com/radius/studio/v2">
  <DataStoreFolder>
    <Metadata><Name>DATASTORE</Name></Metadata>
    <IsShortcut>false</IsShortcut>
    <Item id="DATASTORE://From XML">
      <Metadata><Name>From XML</Name><Description/><Comments/></Metadata>
      <IsShortcut>false</IsShortcut>
      <DataStore>
        <ImportCredentials>
          <Credentials type="geometry" name="Comma Separated Value (CSV)">
            <param name="pw" datatype="Password" displayValue="">${SECRETS[3]}</param>
            <param name="file" datatype="Upload" displayValue="data.zip">C:\\temp\\upload_2.tmp</param>
          </Credentials>
        </ImportCredentials>
      </DataStore>
    </Item>
  </DataStoreFolder>
</Backup>`;
    const res = await restore(t, [
      { name: 'stores.json', content: json },
      { name: 'stores.xml', content: xml },
    ]).expect(200);
    expect(res.body.counts).toMatchObject({ ok: 2, failed: 0 });
    for (const outcome of res.body.items) {
      expect(outcome.warnings).toEqual(['needs password', 'needs files']);
      const restored = (await t.admin().get(`/api/items/${outcome.id}`).expect(200)).body;
      expect(restored.needs).toEqual(['password', 'files']);
      expect(restored.content.importCredentials[0]).toMatchObject({ value: null, isSet: false });
      expect(restored.content.importCredentials[1]).toMatchObject({ value: null, displayValue: 'data.zip' });
    }
  });

  it('strips mixed-case secrets from a full restore, and an identical one changes nothing', async () => {
    const backup = (await t.admin().get('/api/admin/repository/backup').buffer(true).parse(text).expect(200)).body as string;
    const doc = JSON.parse(backup);
    doc.items.push(
      backupItem({
        id: 'a1b2c3d4-0000-4000-8000-000000000002',
        type: 'datastore',
        name: 'From Full Restore',
        content: { exportCredentials: [{ name: 'pw', datatype: 'PASSWORD', value: SECRETS[4] }] },
      }),
    );
    const body = JSON.stringify(doc);
    const full = () => t.admin().post('/api/admin/repository/restore').set('Content-Type', 'application/json').send(body).expect(200);
    expect((await full()).body.counts).toMatchObject({ created: 1, replaced: 0, deleted: 0 });
    const again = (await full()).body.counts;
    expect(again).toMatchObject({ created: 0, replaced: 0, deleted: 0 });
    const restored = (await t.admin().get('/api/items/a1b2c3d4-0000-4000-8000-000000000002').expect(200)).body;
    expect(restored.content.exportCredentials[0]).toMatchObject({ value: null, isSet: false });
    expect(restored.needs).toEqual(['password']);
  });

  it('never writes any of these secrets in clear in the data dir', () => {
    for (const secret of SECRETS) expect(dataDirFilesHolding(secret)).toEqual([]);
  });
});
