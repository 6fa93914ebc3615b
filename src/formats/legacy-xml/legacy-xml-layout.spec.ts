import { readLegacyXml } from '../../../workers/parsing/legacy-xml.reader';
import type { ParsedItem } from '../../../workers/parsing/parsed-item';
import { readStrataJson } from '../../../workers/parsing/strata-json.reader';
import { itemProblem } from '../../restore/plan/item-checks';
import type { BackupItem } from '../../backup/backup-item';
import { strataJsonChunks } from '../../backup/writers/json-backup.writer';
import { collect, normaliseBackup, readAllItems, sourceFromParsed, sourceOf, xmlTree } from '../../backup/writers/legacy-xml.test-helper';
import { writeLegacyXml } from '../../backup/writers/legacy-xml.writer';

/**
 * DESIGN invariant 11, body by body: an element and an attribute Strata does not model survive
 * restore → JSON backup → restore → XML backup, in their place. The real components all the way:
 * the legacy XML reader, the restore's item checks, the Strata JSON writer and reader, the XML writer.
 */
const meta = (name: string) =>
  `<Metadata><Name>${name}</Name><Created><UserDate date="2020-03-06T08:32:00.000Z" user="INTFull"/></Created>` +
  `<LastEdited><UserDate date="2020-03-06T10:42:21.000Z" user="INTFull"/></LastEdited></Metadata><IsShortcut>false</IsShortcut>`;
const root = (element: string, scheme: string, items: string) => `<${element}>${meta(scheme)}<${element}>${meta('S')}${items}</${element}></${element}>`;
const entry = (uri: string, body: string) => `<Item id="${uri}">${meta(uri.split('/').pop()!)}${body}</Item>`;

const RULE = '<Rule><RootPredicate classLabel="Road" objLabel="" futureFlag="1"><FuturePredicate x="y"/></RootPredicate></Rule>';
const ACTION =
  '<Action><RootOperation classLabel="Road" objLabel="" mode="fast"><SequenceOperation><DeleteObjectOperation classRef="Road" objRef=""/><AuditOperation/></SequenceOperation></RootOperation></Action>';
const ACTION_MAP =
  '<ActionMap scope="all"><RuleActionPair order="1"><Rule>RULE://S/R</Rule><Action>ACTION://S/A</Action><Comment>why</Comment></RuleActionPair></ActionMap>';
const DATA_STORE = `<DataStore legacy="yes">
  <ImportCredentials>
    <Credentials type="geometry" name="PostGIS" version="2">
      <param name="Host" datatype="string" displayValue="" hint="host name">db</param>
      <param name="Password" datatype="password" displayValue=""/>
      <Note>kept &amp; placed</Note>
    </Credentials>
  </ImportCredentials>
  <Preview enabled="true"><Area x="1"/>some text</Preview>
  <InputSchema><Schema><Class name="Roads" abstract="false">
    <Attribute minOccurs="1" maxOccurs="1" name="id" datatype="fme_int32" nullable="no"><Constraint kind="pk"/><param name="length">9</param></Attribute>
  </Class></Schema></InputSchema>
  <ImportMapping><SchemaMapping fixed_target="false"><SimpleClassMapping source="Roads" target="Roads" disabled="false">
    <Filter>x &gt; 1</Filter>
    <SimpleAttributeMapping source="id" target="id" target_type="Integer" disabled="false" indexed="false" reported="false" weight="2"/>
  </SimpleClassMapping></SchemaMapping></ImportMapping>
  <x:Extension xmlns:x="urn:example" x:level="3"><x:Inner/></x:Extension>
</DataStore>`;
const SESSION = `<Session mode="batch">
  <Priority>0</Priority><Buffer>0.0</Buffer>
  <Schedule cron="0 2 * * *"/>
  <Partitioned>false</Partitioned><ProductionMode>false</ProductionMode>
  <Tasks retry="2">
    <OpenDataTask><label>1</label><datastore>DATASTORE://S/Store</datastore><filter where="a"/><enableTopology>false</enableTopology></OpenDataTask>
    <CheckRulesTask severity="high"><label>2</label><conformanceRule>RULE://S/R</conformanceRule></CheckRulesTask>
    <Wait seconds="5"/>
    <ApplyActionMapTask><label>3</label><actionMap>ACTION_MAP://S/M</actionMap></ApplyActionMapTask>
  </Tasks>
</Session>`;

const DOCUMENT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Backup xmlns="http://schema.onespatial.com/radius/studio/v2" xmlns:gml="http://www.opengis.net/gml">
${root('DataStoreFolder', 'DATASTORE', entry('DATASTORE://S/Store', DATA_STORE))}
${root('RuleFolder', 'RULE', entry('RULE://S/R', RULE))}
${root('ActionFolder', 'ACTION', entry('ACTION://S/A', ACTION))}
${root('ActionMapFolder', 'ACTION_MAP', entry('ACTION_MAP://S/M', ACTION_MAP))}
${root('SessionFolder', 'SESSION', entry('SESSION://S/Run', SESSION))}
</Backup>`;

async function* text(value: string) {
  yield value;
}

/** restore (read, check, new ids) → JSON backup → restore → XML backup. */
async function roundTrip(xml: string): Promise<{ restored: ParsedItem[]; json: string; again: BackupItem[]; written: string }> {
  const restored = await readAllItems(readLegacyXml(text(xml)));
  expect(restored.map((i) => [i.name, itemProblem(i)]).filter(([, problem]) => problem)).toEqual([]);
  const { items } = sourceFromParsed(restored);
  const header = { scope: 'items' as const, createdAt: '2026-11-26T10:00:00.000Z', createdBy: 'alice', position: '1' };
  const json = await collect(
    strataJsonChunks(
      header,
      (async function* () {
        yield* items;
      })(),
    ),
  );
  const again: BackupItem[] = [];
  for await (const value of readStrataJson(text(json))) {
    if (!('content' in value)) continue;
    expect(itemProblem(value)).toBeNull();
    const { index, sourceId, problems, warnings, ...rest } = value;
    again.push({ ...rest, id: sourceId, type: value.type as BackupItem['type'] });
  }
  return { restored, json, again, written: await collect(writeLegacyXml(sourceOf(again))) };
}

describe('unmodelled content survives restore → JSON backup → restore → XML backup', () => {
  let trip: Awaited<ReturnType<typeof roundTrip>>;
  beforeAll(async () => (trip = await roundTrip(DOCUMENT)));
  const restored = (name: string) => trip.restored.find((i) => i.name === name)!;
  const again = (name: string) => trip.again.find((i) => i.name === name)!;

  it('gives back an equivalent document, every unknown element and attribute in its place', () => {
    expect(normaliseBackup(xmlTree(trip.written))).toEqual(normaliseBackup(xmlTree(DOCUMENT)));
    expect(trip.written).not.toContain('<Property');
  });

  it('DataStore: unknown attributes and elements at every level, a foreign namespace, the password left out', () => {
    const content = again('Store').content;
    expect(content.unmodelledXml).toEqual({
      attributes: { legacy: 'yes' },
      nodes: [
        { at: 1, xml: '<Preview enabled="true"><Area x="1"/>some text</Preview>' },
        { at: 4, xml: '<x:Extension xmlns:x="urn:example" x:level="3"><x:Inner/></x:Extension>' },
      ],
      within: { 'ImportCredentials/Credentials': { attributes: { version: '2' }, nodes: [{ at: 2, xml: '<Note>kept &amp; placed</Note>' }] } },
    });
    expect(content.importCredentials).toEqual([
      { name: 'Host', datatype: 'string', displayValue: '', hint: 'host name', value: 'db' },
      { name: 'Password', datatype: 'password', displayValue: '', value: null },
    ]);
    expect(content.inputSchema).toEqual({
      classes: [
        {
          name: 'Roads',
          abstract: 'false',
          attrs: [
            {
              minOccurs: '1',
              maxOccurs: '1',
              name: 'id',
              datatype: 'fme_int32',
              nullable: 'no',
              params: [{ name: 'length', value: '9' }],
              unmodelledXml: { nodes: [{ at: 0, xml: '<Constraint kind="pk"/>' }] },
            },
          ],
        },
      ],
    });
    expect(content.importMapping).toMatchObject({ classMappings: [{ unmodelledXml: { nodes: [{ at: 0, xml: '<Filter>x &gt; 1</Filter>' }] } }] });
    expect(restored('Store').warnings).toEqual([
      'kept as it is, though Strata does not model it (unmodelledXml): attribute legacy on DataStore, attribute version on DataStore/ImportCredentials/Credentials, ' +
        '<Note> in DataStore/ImportCredentials/Credentials, <Preview> in DataStore, <Constraint> in DataStore/InputSchema/Schema/Class/Attribute and 2 more',
    ]);
  });

  it('Session: unknown attributes and elements in the session, its Tasks and a task; references still references', () => {
    const content = again('Run').content;
    const id = (name: string) => again(name).id;
    expect(content).toEqual({
      priority: '0',
      buffer: '0.0',
      partitioned: 'false',
      productionMode: 'false',
      tasks: [
        { kind: 'OpenData', label: '1', datastore: id('Store'), enableTopology: 'false', unmodelledXml: { nodes: [{ at: 2, xml: '<filter where="a"/>' }] } },
        { kind: 'CheckRules', label: '2', conformanceRule: id('R'), unmodelledXml: { attributes: { severity: 'high' } } },
        { kind: 'ApplyActionMap', label: '3', actionMap: id('M') },
      ],
      unmodelledXml: {
        attributes: { mode: 'batch' },
        nodes: [{ at: 2, xml: '<Schedule cron="0 2 * * *"/>' }],
        within: { Tasks: { attributes: { retry: '2' }, nodes: [{ at: 2, xml: '<Wait seconds="5"/>' }] } },
      },
    });
  });

  it('ActionMap: unknown attributes and elements in the map and a pair', () => {
    expect(again('M').content).toEqual({
      pairs: [{ rule: again('R').id, action: again('A').id, unmodelledXml: { attributes: { order: '1' }, nodes: [{ at: 2, xml: '<Comment>why</Comment>' }] } }],
      unmodelledXml: { attributes: { scope: 'all' } },
    });
  });

  it('Rule and Action: a node kind and an attribute Strata has not seen are nodes and attributes like any other', () => {
    expect(again('R').content.rootTerm).toEqual({
      kind: 'Rule',
      predicates: [
        {
          kind: 'RootPredicate',
          attributes: { classLabel: 'Road', objLabel: '', futureFlag: '1' },
          predicates: [{ kind: 'FuturePredicate', attributes: { x: 'y' } }],
        },
      ],
    });
    expect(JSON.stringify(again('A').content)).toContain('{"kind":"AuditOperation"}');
    expect(restored('R').warnings).toBeUndefined();
  });
});
