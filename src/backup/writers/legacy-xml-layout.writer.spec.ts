import { readLegacyXml } from '../../../workers/parsing/legacy-xml.reader';
import type { ParsedItem } from '../../../workers/parsing/parsed-item';
import { ACTION_MAP, DATA_STORE, ObjectLayout, SESSION } from '../../formats/legacy-xml/legacy-xml-layout';
import { LayoutWriter } from './legacy-xml-layout.writer';
import { xmlTree } from './legacy-xml.test-helper';

const NS = 'xmlns="http://schema.onespatial.com/radius/studio/v2" xmlns:gml="http://www.opengis.net/gml"';
const BODIES: Record<string, [string, string, ObjectLayout]> = {
  datastore: ['DataStoreFolder', 'DataStore', DATA_STORE],
  session: ['SessionFolder', 'Session', SESSION],
  'action-map': ['ActionMapFolder', 'ActionMap', ACTION_MAP],
};

/** Content → body (references written as they are) → the whole legacy XML reader → the item. */
async function writeAndRead(type: string, content: Record<string, unknown>): Promise<{ xml: string; item: ParsedItem }> {
  const [folder, element, layout] = BODIES[type];
  const xml = new LayoutWriter().object(content, layout, element, '');
  const doc = `<Backup ${NS}><${folder}><Metadata><Name>X</Name></Metadata><Item id="X://It"><Metadata><Name>It</Name></Metadata>${xml}</Item></${folder}></Backup>`;
  xmlTree(doc); // well-formed, or this throws
  const items: ParsedItem[] = [];
  for await (const item of readLegacyXml(
    (async function* () {
      yield doc;
    })(),
  ))
    items.push(item);
  return { xml, item: items[0] };
}

describe('LayoutWriter: whatever the API accepts comes back from an XML backup (DESIGN invariant 10)', () => {
  it.each([
    [
      'session',
      {
        priority: 1,
        tasks: [
          { kind: 'OpenData', datastore: 'd-1', openedDataBufferDistance: 0, 'my field': 'x', nested: { a: [1, null] }, enableTopology: 'true' },
          { kind: 'Build Topology!', classes: ['A', 'B'], rules: 'not a list' },
          { kind: '', label: '' },
        ],
        extra: true,
      },
    ],
    [
      'datastore',
      {
        importType: 'CSV',
        importCredentials: [
          { name: 'n', datatype: 'string', value: 'v', isDefault: true, 'gml:id': 'x', xmlns: 'urn:x' },
          { name: 'e', datatype: 'string', value: null },
        ],
        exportType: 7,
        inputSchema: 'not an object',
        userSchema: { classes: [{ name: 'A', attrs: [{ name: 'x' }, 'odd'], unMapped: true }] },
        importMapping: { classMappings: [{ source: 'A', target: 'B' }], fixed_target: 'true' },
      },
    ],
    ['action-map', { pairs: [{ rule: 'r-1', action: 'a-1', weight: 2 }], note: 'n' }],
    ['action-map', { pairs: [] }],
    ['datastore', { userSchema: { classes: [{ name: 'A', attrs: [] }] } }],
  ])('%s with fields the XML form cannot carry', async (type, content) => {
    const { xml, item } = await writeAndRead(type, content);
    expect(item.problems).toEqual([]);
    const expected = JSON.parse(JSON.stringify(content));
    if (expected.importCredentials) expected.importCredentials[1].value = ''; // no text reads back as empty text
    expect(item.content).toEqual(expected);
    expect(item.warnings).toBeUndefined();
    expect(xml).toContain('<Property name="');
  });

  it('never writes a password’s value, as text or as an unmodelled attribute', async () => {
    const content = {
      importCredentials: [{ name: 'P', datatype: 'PASSWORD', value: 'hunter2', unmodelledXml: { attributes: { value: 'hunter3', hint: 'h' } } }],
    };
    const { xml, item } = await writeAndRead('datastore', content);
    expect(xml).not.toMatch(/hunter/);
    expect(xml).toContain('<param name="P" datatype="PASSWORD" hint="h"/>');
    expect(item.content.importCredentials).toEqual([{ name: 'P', datatype: 'PASSWORD', hint: 'h', value: null }]);
  });

  it('writes an unmodelledXml it cannot put back (an attribute a field writes, a path it does not know) as a Property, and reads it back', async () => {
    const clash = { unmodelledXml: { attributes: { kind: 'x' } } };
    const session = {
      tasks: [{ kind: 'Not a name', ...clash }],
      unmodelledXml: { within: { Nowhere: { nodes: [{ at: 0, xml: '<A/>' }] } } },
    };
    const { xml, item } = await writeAndRead('session', session);
    expect(xml).toContain('<Property name="unmodelledXml">');
    expect(item.content).toEqual(session);
  });
});
