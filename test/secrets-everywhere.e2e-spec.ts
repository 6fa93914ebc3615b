import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './support/build';
import { ServiceProcess } from './support/service-process';
import { dataDirSources, findSecrets, makeSecret, secretForms } from './support/secret-scan';
import { leftovers } from './support/data-dir';

const TOKEN = 'secrets-everywhere-admin-token-0123456789';
const at = '2026-01-01T00:00:00.000Z';

/**
 * SPEC §3, §9 and README "Secrets": a clear password given to Strata — in a restored Strata JSON or
 * legacy XML file (password, Password, PASSWORD; a param's text or its value attribute, in a
 * modelled element or in XML Strata keeps as it is), through the API — is never in a response,
 * a log line, or any file of the data dir (the log's WAL and -shm, the read model, blobs, tmp),
 * raw or base64, hex, JSON- or XML-escaped: on the paths that succeed and on those that do not
 * (dry runs, refused files, 4xx, 5xx, a crash). The built service runs as a child process with its
 * logging on; each path has a password of its own, so a finding names the path.
 */
describe('clear passwords on every path (e2e, child process)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-secrets-'));
  const dataDir = path.join(work, 'data');
  const secrets: Record<string, string> = {};
  const secret = (tag: string) => (secrets[tag] ??= makeSecret(tag));
  /** Every response body the tests received. */
  const responses: string[] = [];
  const env = { STRATA_ADMIN_TOKEN: TOKEN, STRATA_MAX_JSON_BYTES: '65536' };
  let service: ServiceProcess;
  let output = '';

  const start = async (extra: Record<string, string> = {}) => {
    service = new ServiceProcess(dataDir, { ...env, ...extra });
    service.token = TOKEN;
    await service.start();
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    await service.stop(signal);
    output += service.output;
  };
  /** A request whose response is kept for the scan. */
  const call = async (method: string, url: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await service.api(method, url, body, headers);
    responses.push(JSON.stringify(res.body));
    return res;
  };
  const raw = async (method: string, url: string, body: string, contentType: string) => {
    const res = await fetch(service.url + url, { method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': contentType }, body });
    const text = await res.text();
    responses.push(text);
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const download = async (url: string) => {
    const res = await fetch(service.url + url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    responses.push(text);
    return text;
  };
  const upload = (url: string, field: string, name: string, content: string, headers?: Record<string, string>) => {
    const form = new FormData();
    form.append(field, new Blob([content]), name);
    return call('POST', url, form, headers);
  };
  /** The password params of an item as the API shows it. */
  const passwords = async (id: string) => {
    const res = await call('GET', `/api/items/${id}`);
    expect(res.status).toBe(200);
    const content = res.body.content as Record<string, { datatype: string; value: unknown }[] | undefined>;
    return [...(content.importCredentials ?? []), ...(content.exportCredentials ?? [])].filter((p) => /^password$/i.test(p.datatype));
  };
  const restoredId = (report: { items: { type: string; id?: string; status: string }[] }) =>
    report.items.find((i) => i.type === 'datastore' && i.status !== 'failed')!.id!;

  beforeAll(async () => {
    buildIfNeeded();
    await start();
  }, 180_000);
  afterAll(async () => {
    await service?.stop('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('the scan finds a secret in each form it looks for', () => {
    const s = makeSecret('probe');
    const embedded = (form: string, needle: Buffer): Buffer => {
      const base64 = /^base64(url)? \(offset (\d)\)$/.exec(form);
      if (!base64) return Buffer.concat([Buffer.from('prefix '), needle, Buffer.from(' suffix')]);
      // A real encoding of a longer text in which the secret starts at that offset.
      const text = Buffer.concat([Buffer.from('a log line: '.slice(0, 9 + Number(base64[2]))), Buffer.from(s), Buffer.from('!!')]);
      return Buffer.from(text.toString(base64[1] ? 'base64url' : 'base64'));
    };
    for (const { form, needle } of secretForms(s)) {
      expect(findSecrets({ probe: s }, [{ name: 'sample', bytes: embedded(form, needle) }])).toContain(`probe as ${form} in sample`);
    }
    expect(findSecrets({ probe: s }, [{ name: 'sample', bytes: Buffer.from(`nothing here ${makeSecret('other')}`) }])).toEqual([]);
  });

  it('full restores: restored, dry run, refused (422)', async () => {
    const folder = { id: randomUUID(), type: 'folder', name: 'Secrets', ...meta(), folderPath: '/', content: {} };
    const file = (tag: string) => strataJson('repository', [folder, datastore('Full Store', 'password', secret(tag))]);
    const done = await raw('POST', '/api/admin/repository/restore', file('fullRestore'), 'application/json');
    expect([done.status, done.body.detail]).toEqual([200, undefined]);
    const dry = await raw('POST', '/api/admin/repository/restore?dryRun=true', file('fullDryRun'), 'application/json');
    expect([dry.status, dry.body.dryRun]).toEqual([200, true]);
    const twice = datastore('Twin', 'PASSWORD', secret('fullRefused'));
    const refused = await raw(
      'POST',
      '/api/admin/repository/restore',
      strataJson('repository', [folder, twice, { ...twice, name: 'Twin 2' }]),
      'application/json',
    );
    expect([refused.status, refused.body.code]).toEqual([422, 'INVALID_BACKUP']);
    const cut = file('fullTruncated');
    const truncated = await raw('POST', '/api/admin/repository/restore', cut.slice(0, cut.indexOf(secret('fullTruncated')) + 60), 'application/json');
    expect([truncated.status, truncated.body.code]).toEqual([422, 'INVALID_BACKUP']);

    const stores = (await call('GET', '/api/items?type=datastore')).body.items as { id: string; name: string }[];
    expect(stores.map((s) => s.name)).toEqual(['Full Store']);
    expect(await passwords(stores[0].id)).toEqual([{ name: 'Secret', datatype: 'password', value: null, displayValue: '', isSet: false }]);
  });

  it('item restores of Strata JSON and legacy XML, every spelling: restored, dry run, an item failed, a file refused (422)', async () => {
    for (const datatype of ['password', 'Password', 'PASSWORD']) {
      const tag = `json${datatype}`;
      const res = await upload('/api/restores', 'files', `${tag}.json`, strataJson('items', [datastore(`Store ${datatype}`, datatype, secret(tag))]));
      expect(res.status).toBe(200);
      expect(await passwords(restoredId(res.body))).toEqual([{ name: 'Secret', datatype, value: null, displayValue: '', isSet: false }]);
    }
    const xml = await upload('/api/restores', 'files', 'stores.xml', legacyXml('XML Store', secret('xmlText'), secret('xmlUpper'), secret('xmlUnmodelled')));
    expect(xml.status).toBe(200);
    expect(xml.body.files[0].format).toBe('1integrate-xml');
    const id = restoredId(xml.body);
    expect(await passwords(id)).toEqual([
      { name: 'Password', datatype: 'Password', value: null, displayValue: '', isSet: false },
      { name: 'Admin', datatype: 'PASSWORD', value: null, displayValue: '', isSet: false },
    ]);
    expect((await call('GET', `/api/items/${id}`)).body.needs).toEqual(['password']);

    const dryJson = await upload('/api/restores?dryRun=true', 'files', 'dry.json', strataJson('items', [datastore('Dry', 'password', secret('jsonDryRun'))]));
    const dryXml = await upload(
      '/api/restores?dryRun=true',
      'files',
      'dry.xml',
      legacyXml('Dry XML', secret('xmlDryRun'), secret('xmlDryRun2'), secret('xmlDryRun3')),
    );
    expect([dryJson.status, dryJson.body.dryRun, dryXml.status, dryXml.body.dryRun]).toEqual([200, true, 200, true]);

    const invalid = await upload('/api/restores', 'files', 'bad.json', strataJson('items', [datastore('bad/name', 'password', secret('jsonItemFailed'))]));
    expect(invalid.status).toBe(200);
    expect(invalid.body.counts.failed).toBe(1);

    const json = strataJson('items', [datastore('Cut', 'password', secret('jsonTruncated'))]);
    const cutJson = await upload('/api/restores', 'files', 'cut.json', json.slice(0, json.indexOf(secret('jsonTruncated')) + 40));
    expect([cutJson.status, cutJson.body.code]).toEqual([422, 'INVALID_BACKUP']);
    const doc = legacyXml('Cut XML', secret('xmlTruncated'), secret('xmlTruncated2'), secret('xmlTruncated3'));
    const cutXml = await upload('/api/restores', 'files', 'cut.xml', doc.slice(0, doc.indexOf('</param>', doc.indexOf('datatype="Password"')) + 3));
    expect([cutXml.status, cutXml.body.code]).toEqual([422, 'INVALID_BACKUP']);
  });

  it('the API: created and set (201, 204), refused (400, 404, 409, 412, 413)', async () => {
    const store = (name: string, tag: string) => ({
      type: 'datastore',
      name,
      content: { importCredentials: [{ name: 'Secret', datatype: 'Password', value: secret(tag) }] },
    });
    const created = await call('POST', '/api/items', store('API Store', 'apiCreated'));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call('PUT', `/api/items/${id}/password`, { name: 'Secret', value: secret('apiSet') })).status).toBe(204);
    expect(await passwords(id)).toEqual([{ name: 'Secret', datatype: 'Password', value: null, isSet: true }]);

    const statuses = [
      (await call('POST', '/api/items', store('bad/name', 'apiInvalid'))).status,
      (await raw('POST', '/api/items', JSON.stringify(store('Malformed', 'apiMalformed')).slice(0, -3), 'application/json')).status,
      (await call('PUT', `/api/items/${randomUUID()}/password`, { name: 'Secret', value: secret('apiUnknownItem') })).status,
      (await call('POST', '/api/items', store('API Store', 'apiNameTaken'))).status,
      (await call('PATCH', `/api/items/${id}`, { content: store('API Store', 'apiStale').content }, { 'If-Match': '"1"' })).status,
      (await call('POST', '/api/items', { ...store('Huge', 'apiTooLarge'), description: 'x'.repeat(70_000) })).status,
    ];
    expect(statuses).toEqual([400, 400, 404, 409, 412, 413]);
  });

  it('5xx: a restore that fails inside the service (an injected error), logged', async () => {
    await stop();
    await start({ STRATA_FAULT: 'mid-parse:throw' });
    const item = await upload('/api/restores', 'files', 'boom.json', strataJson('items', [datastore('Boom', 'password', secret('item500'))]));
    expect(item.status).toBe(500);
    await stop();
    await start({ STRATA_FAULT: 'before-commit:throw' });
    const backup = JSON.parse(await download('/api/admin/repository/backup')) as { items: object[] };
    const full = await raw(
      'POST',
      '/api/admin/repository/restore',
      strataJson('repository', [...backup.items, datastore('Boom Full', 'PASSWORD', secret('full500'))]),
      'application/json',
    );
    expect(full.status).toBe(500);
    expect(service.output).toMatch(/injected fault at before-commit/);
  });

  it('a crash in the middle of a restore, and the start after it', async () => {
    await stop();
    await start({ STRATA_FAULT: 'mid-staging:kill' });
    const crashed = await upload('/api/restores', 'files', 'crash.json', strataJson('items', [datastore('Crash', 'Password', secret('itemCrash'))])).catch(
      () => null,
    );
    expect(crashed).toBeNull();
    expect(await service.exited()).toEqual({ code: null, signal: 'SIGKILL' });
    await stop();
    await start();
    expect(leftovers(dataDir)).toEqual({ uploads: [], scratch: [], staged: [] });
  });

  it('backups of everything restored hold no password', async () => {
    const full = JSON.parse(await download('/api/admin/repository/backup')) as { items: { id: string; type: string }[] };
    const ids = full.items.filter((i) => i.type === 'datastore').map((i) => i.id);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const format of ['json', 'xml']) {
      const res = await fetch(`${service.url}/api/backups`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ids, format }),
      });
      expect(res.status).toBe(200);
      responses.push(await res.text());
    }
  });

  it('no secret anywhere: responses, stdout and stderr, every file of the data dir (running and stopped)', async () => {
    const sources = () => [
      { name: 'responses', bytes: Buffer.from(responses.join('\n')) },
      { name: 'stdout/stderr', bytes: Buffer.from(output + service.output) },
      ...dataDirSources(dataDir),
    ];
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(25);
    expect(sources().map((s) => s.name)).toEqual(expect.arrayContaining(['events.db', 'events.db-wal', 'events.db-shm', 'view.db', 'secret.key']));
    expect(findSecrets(secrets, sources())).toEqual([]);
    await stop();
    expect(findSecrets(secrets, sources())).toEqual([]);
  });
});

function meta() {
  return { folderPath: '/Secrets', description: '', comments: '', createdBy: 'tester', createdAt: at, lastEditedBy: 'tester', lastEditedAt: at };
}

function datastore(name: string, datatype: string, password: string) {
  return {
    id: randomUUID(),
    type: 'datastore',
    name,
    ...meta(),
    content: { importType: 'PostGIS', importCredentials: [{ name: 'Secret', datatype, value: password, displayValue: '' }] },
  };
}

/** A Strata JSON backup (SPEC §4), one item per line. */
function strataJson(scope: 'items' | 'repository', items: object[]): string {
  const head = JSON.stringify({ format: 'strata-backup', version: 1, scope, createdAt: at, createdBy: 'tester', position: '0' }).slice(0, -1);
  return `${head},"items":[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]}\n`;
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A legacy XML backup in 1Integrate's own layout (HPMS--Session-HPMS.xml): a data store whose
 * credentials hold passwords as a param's text (spelled Password and PASSWORD), and an element
 * Strata does not model holding one as a text and one as a `value` attribute.
 */
function legacyXml(name: string, password: string, upper: string, unmodelled: string): string {
  const metadata = (n: string) =>
    `<Metadata><Name>${xmlText(n)}</Name><Description/><Comments/><Created><UserDate/></Created><LastEdited><UserDate/></LastEdited></Metadata><IsShortcut>false</IsShortcut>`;
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Backup xmlns="http://schema.onespatial.com/radius/studio/v2" xmlns:gml="http://www.opengis.net/gml">
    <DataStoreFolder>
        ${metadata('DATASTORE')}
        <DataStoreFolder>
            ${metadata('Secrets')}
            <Item id="DATASTORE://Secrets/${xmlText(name)}">
                ${metadata(name)}
                <DataStore>
                    <ImportCredentials>
                        <Credentials type="geometry" name="PostGIS">
                            <param name="_connection_use" datatype="string" displayValue="">import</param>
                            <param name="Password" datatype="Password" displayValue="">${xmlText(password)}</param>
                        </Credentials>
                    </ImportCredentials>
                    <ExportCredentials>
                        <Credentials type="geometry" name="PostGIS">
                            <param name="Admin" datatype="PASSWORD" displayValue="">${xmlText(upper)}</param>
                        </Credentials>
                    </ExportCredentials>
                    <ConnectionPool size="4"><param name="pool" datatype="password" displayValue="">${xmlText(unmodelled)}</param><param name="spare" datatype="Password" value="${xmlText(unmodelled)}"/></ConnectionPool>
                </DataStore>
            </Item>
        </DataStoreFolder>
    </DataStoreFolder>
</Backup>
`;
}
