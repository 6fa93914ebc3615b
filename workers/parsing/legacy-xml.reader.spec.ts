import { createReadStream, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { readLegacyXml } from './legacy-xml.reader';
import { InvalidBackupError, ParsedItem } from './parsed-item';
import { MAX_XML_DEPTH } from './safe-xml-stream';
import { referencesOf } from '../../src/repository/domain/item';

const FIXTURES = join(__dirname, '../../test/fixtures/1integrate/legacy-xml');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml'));

async function readAll(input: NodeJS.ReadableStream | AsyncIterable<string | Buffer>): Promise<ParsedItem[]> {
  const items: ParsedItem[] = [];
  for await (const item of readLegacyXml(input)) items.push(item);
  return items;
}

async function* chunks(text: string | Buffer, size = 7): AsyncGenerator<string | Buffer> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const fixture = (name: string) => readAll(createReadStream(join(FIXTURES, name), { highWaterMark: 4096 }));
const countBy = (items: ParsedItem[]) => items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.type]: (acc[i.type] ?? 0) + 1 }), {});

async function readError(input: string | Buffer): Promise<InvalidBackupError> {
  try {
    await readAll(chunks(input, 64));
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidBackupError);
    return err as InvalidBackupError;
  }
  throw new Error('expected InvalidBackupError');
}

describe('readLegacyXml', () => {
  it.each(fixtures)('reads %s with no problems', async (name) => {
    const items = await fixture(name);
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((i) => i.problems.length > 0)).toEqual([]);
    expect(items.map((i) => i.index)).toEqual(items.map((_, n) => n));
    // Parents first: every folderPath was yielded as a folder before.
    const seen = new Set(['/']);
    for (const item of items) {
      expect(seen.has(item.folderPath)).toBe(true);
      if (item.type === 'folder') seen.add(item.folderPath === '/' ? `/${item.name}` : `${item.folderPath}/${item.name}`);
    }
  });

  it('reads a rule with its folders, metadata and rule tree', async () => {
    const items = await fixture('Essential-Geometry-Checks--CheckForKickbacks.xml');
    expect(items.map((i) => [i.type, i.folderPath, i.name])).toEqual([
      ['folder', '/', 'Standard'],
      ['folder', '/Standard', 'Essential Geometric Checks'],
      ['rule', '/Standard/Essential Geometric Checks', 'Check for Kickbacks'],
    ]);
    const [standard, checks, rule] = items;
    expect(standard).toMatchObject({ sourceId: 'FOLDER://Standard', createdBy: '1Spatial', lastEditedAt: '2017-03-05T01:54:42.000Z' });
    expect(checks.description).toBe("1Spatial's standard Essential Geometric Checks");
    expect(rule).toMatchObject({
      sourceId: 'RULE://Standard/Essential Geometric Checks/Check for Kickbacks',
      comments: '',
      createdBy: '1Spatial',
      createdAt: '2017-01-03T01:13:12.000Z',
      lastEditedBy: '1Spatial',
      lastEditedAt: '2018-10-06T11:18:19.000Z',
    });
    expect(rule.description).toMatch(/^Checks whether a geometry has any kickbacks.*\\n\\nThis rule uses a 12 degree tolerance\.$/s);
    const root = rule.content.rootTerm as { kind: string; predicates: { kind: string; attributes: unknown }[] };
    expect(root.kind).toBe('Rule');
    expect(root.predicates[0]).toMatchObject({ kind: 'RootPredicate', attributes: { classLabel: '', objLabel: 'all' } });
    expect(JSON.stringify(root)).toContain('{"kind":"StaticValue","attributes":{"datatype":"integer","value":"12"}}');
  });

  it('reads an action backup (ActionFolder tree, Action body, <UserDate/> as unknown)', async () => {
    const items = await fixture('Essential-Geometry-Fixups--FixKickbacksAction.xml');
    expect(countBy(items)).toEqual({ folder: 2, action: 1 });
    expect(items[1]).toMatchObject({ name: 'Essential Geometry Fixups', createdBy: '', createdAt: '', lastEditedBy: '1Spatial' });
    expect((items[2].content.rootTerm as { kind: string }).kind).toBe('Action');
    expect(items[2].sourceId).toBe('ACTION://Standard/Essential Geometry Fixups/Remove_Kickbacks');
  });

  // The README's "189 rules in 23 folders" counts the RULE type root, which is not an item.
  it('reads the HPMS backup: 189 rules (185 rules, 4 rule templates) in 22 folders', async () => {
    const items = await fixture('HPMS--Rule-HPMS.xml');
    expect(countBy(items)).toEqual({ folder: 22, rule: 185, 'rule-template': 4 });
    const byId = new Map(items.map((i) => [i.sourceId, i]));
    // Empty folders come through (Pavement has no items), with multi-line comments.
    const pavement = items.find((i) => i.name === 'Pavement')!;
    expect(pavement).toMatchObject({
      type: 'folder',
      folderPath: '/Repositories/con_fhwa_hpms/Rulesets/1Integrate/HPMS/5 - HPMS Validations',
      comments: 'Branch: master\nRecent Commits:\n',
      createdAt: '',
    });
    // template_id stays the URI of the file, and every one names a template of the file.
    const templateIds = items.flatMap((i) => JSON.stringify(i.content).match(/"template_id":"[^"]*"/g) ?? []);
    expect(templateIds).toHaveLength(8);
    for (const ref of templateIds) {
      const uri = JSON.parse(`{${ref}}`).template_id as string;
      expect(uri).toMatch(/^RULE:\/\/HPMS_tc\//);
      expect(byId.get(uri)?.type).toBe('rule-template');
    }
    const template = byId.get('RULE://HPMS_tc/Cross, LRS, Sample, Length 2018/Value_Date is same Year as Year Record')!;
    expect(template.content.rootTerm).toMatchObject({ kind: 'Rule', predicates: [{ kind: 'Template' }] });
  });

  it('reads the HPMS session backup: 500 items, data stores and sessions as 1Integrate wrote them, every reference a URI of the file', async () => {
    const items = await fixture('HPMS--Session-HPMS.xml');
    expect(countBy(items)).toEqual({
      folder: 14,
      datastore: 2,
      rule: 167,
      'rule-template': 2,
      action: 158,
      'action-template': 14,
      'action-map': 155,
      session: 2,
    });
    expect(items.filter((i) => i.warnings)).toEqual([]);
    const byId = new Map(items.map((i) => [i.sourceId, i]));
    const markup = byId.get('DATASTORE://HPMS/HPMS Sample/Markup Data')!.content;
    expect(markup).toMatchObject({ importCredentialsType: 'geometry', importType: 'Esri Geodatabase File (FILEGDB)', exportType: 'ESRI Shape (GDAL)' });
    expect((markup.importCredentials as unknown[])[1]).toEqual({
      name: 'Source Files (.gdb)',
      datatype: 'upload',
      displayValue: 'MarkupReportSchemagdb.zip',
      value: null,
    });
    expect((markup.inputSchema as { classes: unknown[] }).classes[0]).toMatchObject({
      name: 'MARKUP_LINE',
      attrs: [
        { minOccurs: '1', maxOccurs: '1', name: 'class', datatype: 'fme_varchar', params: [{ name: 'length', value: '50' }] },
        {},
        {},
        {},
        {},
        {},
        {},
        {},
        {},
      ],
    });
    expect((markup.importMapping as { fixed_target: string; classMappings: { attributeMappings: unknown[] }[] }).classMappings[0].attributeMappings[3]).toEqual(
      {
        source: 'geometry',
        target: 'geometry',
        target_type: 'Geometry',
        disabled: 'false',
        indexed: 'true',
        reported: 'false',
      },
    );
    expect(JSON.stringify(markup)).not.toContain('upload_ecbba3ce');

    const session = byId.get('SESSION://HPMS/HPMS Actions')!.content as { tasks: Record<string, unknown>[] };
    expect(session).toMatchObject({ priority: '0', buffer: '0.0', partitioned: 'false', productionMode: 'false' });
    expect(session.tasks[0]).toEqual({
      kind: 'OpenData',
      label: '1',
      datastore: 'DATASTORE://HPMS/HPMS Sample/Markup Data',
      enableTopology: 'false',
      restrictToOpenedDataExtent: 'false',
      openedDataBufferDistance: '0.0',
    });
    expect(session.tasks.find((t) => t.kind === 'BuildTopology')).toMatchObject({
      modelType: 'NETWORK',
      classes: ['ARNOLD', 'F_SYSTEM', 'FACILITY_TYPE', 'NHS', 'OWNERSHIP', 'URBAN_CODE', 'AADT'],
    });
    const references = items.filter((i) => i.type === 'session').flatMap((i) => referencesOf('session', i.content));
    expect(new Set(references.map((r) => r.field))).toEqual(new Set(['tasks.datastore', 'tasks.actionMap', 'tasks.conformanceRule']));
    expect(references.filter((r) => byId.get(r.targetId) === undefined)).toEqual([]);
  });

  it('yields items while reading, not at the end', async () => {
    const text = readFileSync(join(FIXTURES, 'HPMS--Rule-HPMS.xml'));
    let fed = 0;
    async function* counted() {
      for await (const c of chunks(text, 16384)) {
        fed += c.length;
        yield c;
      }
    }
    const iterator = readLegacyXml(counted());
    await iterator.next();
    expect(fed).toBeLessThan(text.length / 4);
    await iterator.return(undefined);
  });

  it('accepts multi-byte characters split across chunks', async () => {
    const xml = Buffer.from(backup('<RuleFolder><Metadata><Name>Ünïcødé ✓ 𝔘</Name></Metadata></RuleFolder>'));
    const items = await readAll(chunks(xml, 1));
    expect(items[0].name).toBe('Ünïcødé ✓ 𝔘');
  });

  describe('per-item problems', () => {
    it('reports an item without a body, with two bodies and with an unknown body, and goes on', async () => {
      const items = await readAll(
        chunks(
          backup(
            item('RULE://A', '') +
              item('RULE://B', '<Rule><RootPredicate classLabel="" objLabel=""/></Rule><Action/>') +
              item('RULE://C', '<Widget/>') +
              item('RULE://D', '<Rule><RootPredicate classLabel="x" objLabel=""/></Rule>'),
          ),
        ),
      );
      expect(items.map((i) => [i.sourceId, i.type, i.problems.map((p) => p.code)])).toEqual([
        ['RULE://A', 'rule', ['MISSING_BODY']],
        ['RULE://B', 'rule', ['MULTIPLE_BODIES']],
        ['RULE://C', 'Widget', ['UNKNOWN_BODY']],
        ['RULE://D', 'rule', []],
      ]);
    });

    it('drops the values of upload and password params, and keeps a Property that is not JSON unmodelled', async () => {
      const params =
        '<param name="Source" datatype="upload" displayValue="roads.zip">C:\\Temp\\upload_1.tmp</param>' +
        '<param name="Password" datatype="Password" displayValue="">hunter2</param>' +
        '<param name="Old" datatype="password" value="hunter3"/><param name="Host" datatype="string" displayValue="">db</param>';
      const [store] = await readAll(
        chunks(
          backup(
            item(
              'DATASTORE://S',
              `<DataStore><ImportCredentials><Credentials type="database" name="PostGIS">${params}</Credentials></ImportCredentials><Property name="x">{oops</Property></DataStore>`,
            ),
          ),
        ),
      );
      expect(store).toMatchObject({ type: 'datastore', problems: [] });
      expect(store.content).toEqual({
        importCredentialsType: 'database',
        importType: 'PostGIS',
        importCredentials: [
          { name: 'Source', datatype: 'upload', displayValue: 'roads.zip', value: null },
          { name: 'Password', datatype: 'Password', displayValue: '', value: null },
          { name: 'Old', datatype: 'password', value: null },
          { name: 'Host', datatype: 'string', displayValue: '', value: 'db' },
        ],
        unmodelledXml: { nodes: [{ at: 1, xml: '<Property name="x">{oops</Property>' }] },
      });
      expect(store.warnings).toEqual(['kept as it is, though Strata does not model it (unmodelledXml): <Property> in DataStore']);
      expect(JSON.stringify(store)).not.toMatch(/hunter|upload_1/);
    });

    it('yields a folder that appears under several type roots once', async () => {
      const folder = '<Metadata><Name>Shared</Name></Metadata>';
      const items = await readAll(
        chunks(
          backup(
            `<RuleFolder><Metadata><Name>RULE</Name></Metadata><RuleFolder>${folder}${item('RULE://Shared/R', '<Rule/>')}</RuleFolder></RuleFolder>` +
              `<ActionFolder><Metadata><Name>ACTION</Name></Metadata><ActionFolder>${folder}${item('ACTION://Shared/A', '<Action/>')}</ActionFolder></ActionFolder>`,
            '',
          ),
        ),
      );
      expect(items.map((i) => [i.type, i.folderPath, i.name])).toEqual([
        ['folder', '/', 'Shared'],
        ['rule', '/Shared', 'R'],
        ['action', '/Shared', 'A'],
      ]);
    });
  });

  describe('refuses what is not a legacy XML backup', () => {
    it('refuses a DOCTYPE with an entity bomb before expanding anything', async () => {
      const lol = Array.from({ length: 9 }, (_, n) => `<!ENTITY lol${n + 1} "${`&lol${n};`.repeat(10)}">`).join('\n');
      const err = await readError(
        `<?xml version="1.0"?>\n<!DOCTYPE Backup [\n<!ENTITY lol0 "lol">\n${lol}\n]>\n<Backup xmlns="http://schema.onespatial.com/radius/studio/v2">&lol9;</Backup>`,
      );
      expect(err.message).toMatch(/DOCTYPE.*not accepted.*line 2, column \d+/);
    });

    it('refuses an external entity without reading it', async () => {
      const err = await readError(
        '<?xml version="1.0"?><!DOCTYPE Backup [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
          '<Backup xmlns="http://schema.onespatial.com/radius/studio/v2"><RuleFolder><Metadata><Name>&xxe;</Name></Metadata></RuleFolder></Backup>',
      );
      expect(err.message).toMatch(/DOCTYPE/);
      expect(err.message).not.toMatch(/root:/);
    });

    it('refuses an undefined entity (no DTD) with its position', async () => {
      const err = await readError(backup('<RuleFolder><Metadata><Name>&xxe;</Name></Metadata></RuleFolder>'));
      expect(err.message).toMatch(/undefined entity.*line 3, column \d+/);
    });

    it('refuses a truncated file, saying where it stopped', async () => {
      const text = readFileSync(join(FIXTURES, 'Essential-Geometry-Checks--CheckForKickbacks.xml'), 'utf8');
      const err = await readError(text.slice(0, 2000));
      expect(err.message).toMatch(/ends early.*line \d+, column \d+/);
    });

    it('refuses a file cut inside a tag', async () => {
      const err = await readError(backup('<RuleFolder><Metad'));
      expect(err.message).toMatch(/line \d+, column \d+/);
    });

    it('refuses what is not XML', async () => {
      const err = await readError('{"format":"strata-backup","items":[]}');
      expect(err.message).toMatch(/not a well-formed XML document.*line 1, column \d+/);
      expect((await readError('')).message).toMatch(/not an XML document/);
      expect((await readError(Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x3e]))).message).toMatch(/not valid UTF-8/);
    });

    it('refuses elements nested deeper than MAX_XML_DEPTH before they overflow the stack', async () => {
      const depth = 100_000;
      const body = '<NotPredicate>'.repeat(depth) + '</NotPredicate>'.repeat(depth);
      const err = await readError(backup(`<RuleFolder><Item id="RULE://x"><Rule>${body}</Rule></Item></RuleFolder>`));
      expect(err.message).toMatch(new RegExp(`nested deeper than ${MAX_XML_DEPTH} levels, at line \\d+, column \\d+`));
    });

    it('refuses another root element, naming it', async () => {
      const err = await readError('<RuleSet name="x"><Folder/></RuleSet>');
      expect(err.message).toMatch(/root element is <RuleSet> \(no namespace\)/);
      const wrongNs = await readError('<Backup xmlns="urn:other"/>');
      expect(wrongNs.message).toMatch(/<Backup> in namespace "urn:other"/);
    });
  });
});

function backup(inner: string, wrap = 'rule'): string {
  const body = wrap === 'rule' ? `<RuleFolder>\n<Metadata><Name>RULE</Name></Metadata>${inner}</RuleFolder>` : inner;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Backup xmlns="http://schema.onespatial.com/radius/studio/v2">${body}</Backup>`;
}

function item(id: string, body: string): string {
  const name = id.split('/').pop();
  return `<Item id="${id}"><Metadata><Name>${name}</Name></Metadata><IsShortcut>false</IsShortcut>${body}</Item>`;
}
