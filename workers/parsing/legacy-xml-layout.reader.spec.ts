import { ACTION_MAP, DATA_STORE, ObjectLayout, SESSION } from '../../src/formats/legacy-xml/legacy-xml-layout';
import { LayoutWriter } from '../../src/backup/writers/legacy-xml-layout.writer';
import { XNode, xmlTree } from '../../src/backup/writers/legacy-xml.test-helper';
import { referencesOf } from '../../src/repository/domain/item';
import { readLegacyXml } from './legacy-xml.reader';
import type { ParsedItem } from './parsed-item';

const NS = 'xmlns="http://schema.onespatial.com/radius/studio/v2" xmlns:gml="http://www.opengis.net/gml"';
const ROOTS: Record<string, [string, ObjectLayout]> = {
  DataStore: ['DataStoreFolder', DATA_STORE],
  Session: ['SessionFolder', SESSION],
  ActionMap: ['ActionMapFolder', ACTION_MAP],
};

/** The item a body reads as (through the whole legacy XML reader), and the body written back from its content. */
async function read(body: string): Promise<{ item: ParsedItem; back: string }> {
  const element = /^<(\w+)/.exec(body)![1];
  const [folder, layout] = ROOTS[element];
  const xml = `<Backup ${NS}><${folder}><Metadata><Name>X</Name></Metadata><Item id="X://It"><Metadata><Name>It</Name></Metadata>${body}</Item></${folder}></Backup>`;
  const items: ParsedItem[] = [];
  for await (const item of readLegacyXml(
    (async function* () {
      yield xml;
    })(),
  ))
    items.push(item);
  return { item: items[0], back: new LayoutWriter().object(items[0].content, layout, element, '') };
}

/** The same XML, whitespace around elements aside. */
const same = (a: string, b: string) => expect(squeeze(xmlTree(`<w ${NS}>${a}</w>`))).toEqual(squeeze(xmlTree(`<w ${NS}>${b}</w>`)));
const squeeze = (node: XNode): XNode => ({ ...node, text: node.text.replace(/\s+/g, ' ').trim(), children: node.children.map(squeeze) });

describe('reading bodies through the layout: nothing fails, nothing is lost', () => {
  it('keeps repeated and out-of-order elements where they were, modelling the first in order', async () => {
    const body = '<Session><Buffer>1</Buffer><Priority>0</Priority><Priority>5</Priority><Tasks/><Tasks/></Session>';
    const { item, back } = await read(body);
    expect(item.problems).toEqual([]);
    expect(item.content).toEqual({
      buffer: '1',
      tasks: [],
      unmodelledXml: {
        nodes: [
          { at: 1, xml: '<Priority>0</Priority>' },
          { at: 2, xml: '<Priority>5</Priority>' },
          { at: 4, xml: '<Tasks/>' },
        ],
      },
    });
    same(back, body);
  });

  it('keeps a wrapper that holds nothing Strata models whole', async () => {
    const body = '<DataStore><ImportCredentials/><InputSchema><Other a="1"/></InputSchema></DataStore>';
    const { item, back } = await read(body);
    expect(item.content).toEqual({
      unmodelledXml: {
        nodes: [
          { at: 0, xml: '<ImportCredentials/>' },
          { at: 1, xml: '<InputSchema><Other a="1"/></InputSchema>' },
        ],
      },
    });
    same(back, body);
  });

  it('keeps a field element with attributes whole: its reference is then not one (and the report says so)', async () => {
    const body = '<Session><Tasks><OpenDataTask><label>1</label><datastore kind="x">DATASTORE://A</datastore></OpenDataTask></Tasks></Session>';
    const { item, back } = await read(body);
    expect(item.content.tasks).toEqual([
      { kind: 'OpenData', label: '1', unmodelledXml: { nodes: [{ at: 1, xml: '<datastore kind="x">DATASTORE://A</datastore>' }] } },
    ]);
    expect(referencesOf('session', item.content)).toEqual([]);
    expect(item.warnings).toEqual(['kept as it is, though Strata does not model it (unmodelledXml): <datastore> in Session/Tasks/OpenDataTask']);
    same(back, body);
  });

  it('keeps a param with child elements whole, without a password’s value', async () => {
    const body =
      '<DataStore><ImportCredentials><Credentials type="t" name="n"><param name="P" datatype="Password" value="v1">hunter2<hint/></param><param name="H" datatype="string">h</param></Credentials></ImportCredentials></DataStore>';
    const { item, back } = await read(body);
    expect(item.content).toEqual({
      importCredentialsType: 't',
      importType: 'n',
      importCredentials: [{ name: 'H', datatype: 'string', value: 'h' }],
      unmodelledXml: { within: { 'ImportCredentials/Credentials': { nodes: [{ at: 0, xml: '<param name="P" datatype="Password"><hint/></param>' }] } } },
    });
    expect(item.warnings).toContain('the value of 1 password or upload param(s) in unmodelled XML was left out');
    expect(JSON.stringify(item)).not.toMatch(/hunter2|v1/);
    same(back, body.replace('value="v1">hunter2', '>'));
  });

  it('keeps stray text and elements of other namespaces, declaring what they need', async () => {
    const body =
      '<Session>stray &amp; text<Priority>0</Priority><Foo xmlns=""><Bar xmlns="http://schema.onespatial.com/radius/studio/v2"/></Foo><o:Bar xmlns:o="urn:o" o:a="1" gml:id="g"/></Session>';
    const { item, back } = await read(body);
    expect(item.content).toEqual({
      priority: '0',
      unmodelledXml: {
        nodes: [
          { at: 0, xml: 'stray &amp; text' },
          { at: 2, xml: '<Foo xmlns=""><Bar xmlns="http://schema.onespatial.com/radius/studio/v2"/></Foo>' },
          { at: 3, xml: '<o:Bar xmlns:o="urn:o" o:a="1" gml:id="g"/>' },
        ],
      },
    });
    same(back, body);
  });

  it('names a task by its element, or by its kind attribute; a Property child is the field it holds', async () => {
    const body =
      '<Session><Tasks><Task kind="Copy To"><datastore>DATASTORE://A</datastore><Property name="retries">3</Property></Task><PauseTask/></Tasks></Session>';
    const { item, back } = await read(body);
    expect(item.content.tasks).toEqual([{ kind: 'Copy To', datastore: 'DATASTORE://A', retries: 3 }, { kind: 'Pause' }]);
    expect(referencesOf('session', item.content)).toEqual([{ field: 'tasks.datastore', targetId: 'DATASTORE://A' }]);
    same(back, body);
  });

  it('keeps an attribute whose name a field of the element already uses, and a foreign-namespace attribute with its namespace', async () => {
    const body = '<DataStore><InputSchema><Schema><Class name="C" attrs="x" xmlns:q="urn:q" q:flag="1"/></Schema></InputSchema></DataStore>';
    const { item, back } = await read(body);
    expect(item.content.inputSchema).toEqual({ classes: [{ name: 'C', unmodelledXml: { attributes: { attrs: 'x', 'q:flag': '1', 'xmlns:q': 'urn:q' } } }] });
    same(back, body);
  });
});
