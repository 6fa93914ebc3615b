import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appForSuite, startApp, stopApp } from './support/test-app';
import { ruleBody } from './support/rule-bodies';
import { LEGACY_XML, backupDocument, backupItem, backupText, create, restore, tree } from './support/restore-helpers';

const KICKBACKS = fs.readFileSync(path.join(LEGACY_XML, 'Essential-Geometry-Checks--CheckForKickbacks.xml'), 'utf8');
const BACKUP_ROOT = '<Backup xmlns="http://schema.onespatial.com/radius/studio/v2">';

const billionLaughs = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE Backup [',
  '  <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
  ']>',
  `${BACKUP_ROOT}<RuleFolder><Metadata><Name>&lol9;</Name></Metadata></RuleFolder></Backup>`,
].join('\n');

const externalEntity = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
  `${BACKUP_ROOT}<RuleFolder><Metadata><Name>RULE</Name></Metadata><RuleFolder><Metadata><Name>&e;</Name></Metadata></RuleFolder></RuleFolder></Backup>`,
].join('\n');

/** The DTD after the root's start, where the format check does not look: the streaming reader refuses it. */
const lateDoctype = KICKBACKS.replace('<RuleFolder>', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><RuleFolder>');

const DEPTH = 100_000;
const deepContent = `{"x":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`;
const deepItem = (id: string) => `{"id":"${id}","type":"rule","name":"Deep","folderPath":"/","content":${deepContent}}`;

/** SPEC §5/§9: a file that is not a backup fails the whole request with 422, writes nothing, and the service lives on. */
describe('restoring bad input (e2e)', () => {
  let realBackup: string;
  let treeBefore: unknown;

  const t = appForSuite({
    setup: async () => {
      const folder = await create(t, { type: 'folder', name: 'Existing' });
      for (let i = 0; i < 20; i++) await create(t, { type: 'rule', name: `Rule ${i}`, folderId: folder, content: ruleBody() });
      realBackup = await backupText(t, [folder]);
      treeBefore = await tree(t);
    },
    timeout: 180_000,
  });

  const firstHalf = () => realBackup.slice(0, Math.floor(realBackup.length / 2));
  const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
  const cases: [string, 'INVALID_BACKUP' | 'UNSUPPORTED_FORMAT', () => string | Buffer, RegExp | (() => RegExp)][] = [
    ['random bytes', 'UNSUPPORTED_FORMAT', () => Buffer.concat([Buffer.from([0x8f]), randomBytes(4095)]), /neither JSON nor XML: it starts with/],
    [
      'truncated JSON (a real backup cut in half)',
      'INVALID_BACKUP',
      () => firstHalf(),
      () => new RegExp(`ends unexpectedly at line ${firstHalf().split('\n').length}, column \\d+: the file is truncated or incomplete`),
    ],
    [
      'JSON cut inside an item line',
      'INVALID_BACKUP',
      () => realBackup.slice(0, realBackup.indexOf('"Rule 7"')),
      () => new RegExp(`ends unexpectedly at line ${lineOf(realBackup, '"Rule 7"')}, column \\d+`),
    ],
    [
      'JSON with a syntax error',
      'INVALID_BACKUP',
      () => realBackup.replace('"Rule 3",', '"Rule 3";'),
      () => new RegExp(`Not valid JSON at line ${lineOf(realBackup, '"Rule 3"')}, column \\d+: expected ','`),
    ],
    ['an entity-expansion bomb (billion laughs)', 'INVALID_BACKUP', () => billionLaughs, /XML with a document type declaration \(<!DOCTYPE>\) is refused/],
    ['an external-entity XML', 'INVALID_BACKUP', () => externalEntity, /XML with a document type declaration \(<!DOCTYPE>\) is refused/],
    ['a DOCTYPE inside the document', 'INVALID_BACKUP', () => lateDoctype, /doctype declaration.*line 3, column \d+/],
    [
      'an item nesting 100,000 arrays (our layout)',
      'INVALID_BACKUP',
      () => backupDocument([]).replace('[\n\n]', `[\n${deepItem('a')}\n]`),
      /Item 0 \(line 2\) is nested deeper than 512 levels/,
    ],
    [
      'an item nesting 100,000 arrays (any layout)',
      'INVALID_BACKUP',
      () => `{"items":[${deepItem('b')}],"format":"strata-backup","version":1}`,
      /Item 0 is nested deeper than 512 levels/,
    ],
    [
      'a JSON document that is not a Strata backup',
      'UNSUPPORTED_FORMAT',
      () => '{"format":"something-else","version":1,"items":[]}',
      /Not a Strata backup: "format" is "something-else"/,
    ],
    ['a JSON array', 'UNSUPPORTED_FORMAT', () => '[{"format":"strata-backup"}]', /neither JSON nor XML: it starts with "\[\{/],
    ['JSON without items', 'INVALID_BACKUP', () => '{"format":"strata-backup","version":1}', /no "items" array/],
    ['XML of another kind', 'UNSUPPORTED_FORMAT', () => '<?xml version="1.0"?><html><body/></html>', /root element is <html>/],
    ['legacy XML cut short', 'INVALID_BACKUP', () => KICKBACKS.slice(0, KICKBACKS.indexOf('<RelationalPredicate>')), /ends early.*line \d+, column \d+/],
    ['an empty file', 'UNSUPPORTED_FORMAT', () => '', /empty/],
  ];

  it.each(cases)('%s → 422 %s, nothing written, still healthy', async (_name, code, content, detail) => {
    const restoresBefore = (await t.admin().get('/api/restores?limit=500').expect(200)).body.items.length;
    const res = await restore(t, [{ name: 'bad.bin', content: content() }]).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code, detail: expect.stringMatching(typeof detail === 'function' ? detail() : detail) });
    expect(res.body.detail).toContain('"bad.bin"');
    expect(res.text).not.toMatch(/root:|nologin|daemon/);
    expect(res.text.length).toBeLessThan(2000);
    expect(await tree(t)).toEqual(treeBefore);
    await t.anonymous().get('/api/health').expect(200);
    // the failed attempt is recorded, with what went wrong
    const restores = (await t.admin().get('/api/restores?limit=500').expect(200)).body.items;
    expect(restores).toHaveLength(restoresBefore + 1);
    expect(restores).toContainEqual(expect.objectContaining({ status: 'failed', error: res.body.detail, counts: {} }));
  });

  it('a bad file among good ones fails the whole request, writing nothing of the good ones', async () => {
    const good = backupDocument([backupItem({ type: 'rule', name: 'Would Load', content: ruleBody() })]);
    const res = await restore(t, [
      { name: 'good.json', content: good },
      { name: 'bad.json', content: '{"format":"strata-backup","version":1,"items":[{' },
    ]).expect(422);
    expect(res.body.code).toBe('INVALID_BACKUP');
    expect(res.body.detail).toContain('"bad.json"');
    expect(await tree(t)).toEqual(treeBefore);
  });

  it('refuses uploads larger than STRATA_MAX_UPLOAD_BYTES with 413, writing nothing', async () => {
    const small = await startApp({ env: { STRATA_MAX_UPLOAD_BYTES: '2000' } });
    try {
      const before = await tree(small);
      const fits = backupDocument([backupItem({ type: 'rule', name: 'Small', content: ruleBody() })]);
      expect(fits.length).toBeLessThan(2000);
      const big = backupDocument(Array.from({ length: 10 }, (_, i) => backupItem({ type: 'rule', name: `Big ${i}`, content: ruleBody() })));
      const res = await restore(small, [{ name: 'big.json', content: big }]);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', detail: expect.stringContaining('"big.json"') });
      expect(await tree(small)).toEqual(before);
      expect(fs.readdirSync(path.join(small.dataDir, 'tmp')).filter((f) => f.startsWith('upload-'))).toEqual([]);
      await small.anonymous().get('/api/health').expect(200);
      await restore(small, [{ name: 'small.json', content: fits }]).expect(200);
    } finally {
      await stopApp(small);
    }
  });

  it('400 when the request is not multipart or holds no file; 401 without a token', async () => {
    const notMultipart = await t.admin().post('/api/restores').set('Content-Type', 'application/json').send(realBackup).expect(400);
    expect(notMultipart.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/multipart\/form-data/) });
    const noFile = await t.admin().post('/api/restores').field('note', 'no file here').expect(400);
    expect(noFile.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/no file/) });
    const wrongField = await t.admin().post('/api/restores').attach('upload', Buffer.from(realBackup), 'x.json').expect(400);
    expect(wrongField.body.code).toBe('VALIDATION_FAILED');
    const badOption = await t.admin().post('/api/restores?onConflict=merge').attach('files', Buffer.from(realBackup), 'x.json').expect(400);
    expect(badOption.body.code).toBe('VALIDATION_FAILED');
    const anonymous = await t.anonymous().post('/api/restores').attach('files', Buffer.from(realBackup), 'x.json').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    expect(await tree(t)).toEqual(treeBefore);
    await t.anonymous().get('/api/health').expect(200);
  });
});
