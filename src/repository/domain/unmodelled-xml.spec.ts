import { contentProblem } from './item-content';

describe('unmodelledXml at every entrance (contentProblem of data stores, sessions, action maps)', () => {
  it('refuses what is not XML content, or would carry a password, saying where', () => {
    const withNodes = (xml: string) => ({ tasks: [], unmodelledXml: { nodes: [{ at: 0, xml }] } });
    expect(contentProblem('session', withNodes('<A><B></A>'))).toMatch(/^content\.unmodelledXml\.nodes\[0\]\.xml is not well-formed XML content/);
    expect(contentProblem('session', withNodes('</Session><Session>'))).toMatch(/is not well-formed/);
    expect(contentProblem('session', withNodes('<p:A/>'))).toMatch(/is not well-formed.*prefix/i);
    expect(contentProblem('datastore', withNodes('<param name="P" datatype="password">hunter2</param>'))).toMatch(/holds the value of a password param/);
    expect(
      contentProblem('datastore', { importCredentials: [{ name: 'P', datatype: 'password', value: null, unmodelledXml: { attributes: { value: 'x' } } }] }),
    ).toBe('content.importCredentials[0].unmodelledXml.attributes.value: a password param keeps no value');
    expect(contentProblem('action-map', { pairs: [], unmodelledXml: { attributes: { xmlns: 'urn:x' } } })).toMatch(/default namespace/);
    expect(contentProblem('action-map', { pairs: [], unmodelledXml: { attributes: { 'q:a': '1' } } })).toMatch(/needs a declaration "xmlns:q"/);
    expect(contentProblem('session', { unmodelledXml: { nodes: [{ at: -1, xml: '' }] } })).toMatch(/nodes\[0\] must be/);
    expect(contentProblem('session', withNodes('text &amp; <A q="1"><gml:B/></A>'))).toBeNull();
    expect(contentProblem('session', { tasks: [{ kind: 'CheckRules', conformanceRule: 5 }] })).toBe('tasks[0].conformanceRule must be an id');
  });
});
