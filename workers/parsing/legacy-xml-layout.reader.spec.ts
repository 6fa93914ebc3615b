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

/** The same XML, whitespace around elements aside. */
const same = (a: string, b: string) => expect(squeeze(xmlTree(`<w ${NS}>${a}</w>`))).toEqual(squeeze(xmlTree(`<w ${NS}>${b}</w>`)));
const squeeze = (node: XNode): XNode => ({ ...node, text: node.text.replace(/\s+/g, ' ').trim(), children: node.children.map(squeeze) });

/**
 * The item a body reads as (through the whole legacy XML reader), once the body written back from
 * its content has been found the same XML as `body` (or as `back`, where reading leaves something out).
 */
async function readBack(body: string, back = body): Promise<ParsedItem> {
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
  same(new LayoutWriter().object(items[0].content, layout, element, ''), back);
  return items[0];
}

/** What unmodelledXml keeps of a node it keeps whole: where it stood among its siblings, and its XML. */
const kept = (at: number, xml: string) => ({ at, xml });

describe('reading bodies through the layout: nothing fails, nothing is lost', () => {
  it('keeps repeated and out-of-order elements where they were, modelling the first in order', async () => {
    const item = await readBack('<Session><Buffer>1</Buffer><Priority>0</Priority><Priority>5</Priority><Tasks/><Tasks/></Session>');
    expect(item.problems).toEqual([]);
    expect(item.content).toEqual({
      buffer: '1',
      tasks: [],
      unmodelledXml: { nodes: [kept(1, '<Priority>0</Priority>'), kept(2, '<Priority>5</Priority>'), kept(4, '<Tasks/>')] },
    });
  });

  it('keeps a wrapper that holds nothing Strata models whole', async () => {
    const item = await readBack('<DataStore><ImportCredentials/><InputSchema><Other a="1"/></InputSchema></DataStore>');
    expect(item.content).toEqual({
      unmodelledXml: { nodes: [kept(0, '<ImportCredentials/>'), kept(1, '<InputSchema><Other a="1"/></InputSchema>')] },
    });
  });

  it('keeps a field element with attributes whole: its reference is then not one (and the report says so)', async () => {
    const item = await readBack('<Session><Tasks><OpenDataTask><label>1</label><datastore kind="x">DATASTORE://A</datastore></OpenDataTask></Tasks></Session>');
    expect(item.content.tasks).toEqual([
      { kind: 'OpenData', label: '1', unmodelledXml: { nodes: [kept(1, '<datastore kind="x">DATASTORE://A</datastore>')] } },
    ]);
    expect(referencesOf('session', item.content)).toEqual([]);
    expect(item.warnings).toEqual(['kept as it is, though Strata does not model it (unmodelledXml): <datastore> in Session/Tasks/OpenDataTask']);
  });

  it('keeps a param with child elements whole, without a password’s value', async () => {
    const body =
      '<DataStore><ImportCredentials><Credentials type="t" name="n"><param name="P" datatype="Password" value="v1">hunter2<hint/></param><param name="H" datatype="string">h</param></Credentials></ImportCredentials></DataStore>';
    const item = await readBack(body, body.replace('value="v1">hunter2', '>'));
    expect(item.content).toEqual({
      importCredentialsType: 't',
      importType: 'n',
      importCredentials: [{ name: 'H', datatype: 'string', value: 'h' }],
      unmodelledXml: { within: { 'ImportCredentials/Credentials': { nodes: [kept(0, '<param name="P" datatype="Password"><hint/></param>')] } } },
    });
    expect(item.warnings).toContain('the value of 1 password or upload param(s) in unmodelled XML was left out');
    expect(JSON.stringify(item)).not.toMatch(/hunter2|v1/);
  });

  it('keeps stray text and elements of other namespaces, declaring what they need', async () => {
    const item = await readBack(
      '<Session>stray &amp; text<Priority>0</Priority><Foo xmlns=""><Bar xmlns="http://schema.onespatial.com/radius/studio/v2"/></Foo><o:Bar xmlns:o="urn:o" o:a="1" gml:id="g"/></Session>',
    );
    expect(item.content).toEqual({
      priority: '0',
      unmodelledXml: {
        nodes: [
          kept(0, 'stray &amp; text'),
          kept(2, '<Foo xmlns=""><Bar xmlns="http://schema.onespatial.com/radius/studio/v2"/></Foo>'),
          kept(3, '<o:Bar xmlns:o="urn:o" o:a="1" gml:id="g"/>'),
        ],
      },
    });
  });

  it('names a task by its element, or by its kind attribute; a Property child is the field it holds', async () => {
    const item = await readBack(
      '<Session><Tasks><Task kind="Copy To"><datastore>DATASTORE://A</datastore><Property name="retries">3</Property></Task><PauseTask/></Tasks></Session>',
    );
    expect(item.content.tasks).toEqual([{ kind: 'Copy To', datastore: 'DATASTORE://A', retries: 3 }, { kind: 'Pause' }]);
    expect(referencesOf('session', item.content)).toEqual([{ field: 'tasks.datastore', targetId: 'DATASTORE://A' }]);
  });

  it('keeps an attribute whose name a field of the element already uses, and a foreign-namespace attribute with its namespace', async () => {
    const item = await readBack('<DataStore><InputSchema><Schema><Class name="C" attrs="x" xmlns:q="urn:q" q:flag="1"/></Schema></InputSchema></DataStore>');
    expect(item.content.inputSchema).toEqual({ classes: [{ name: 'C', unmodelledXml: { attributes: { attrs: 'x', 'q:flag': '1', 'xmlns:q': 'urn:q' } } }] });
  });
});
