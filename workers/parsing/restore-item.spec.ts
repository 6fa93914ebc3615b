import { rewriteReferences } from '../../src/repository/domain/item';
import type { ParsedItem } from './parsed-item';
import { fillReferences, prepareRestoreItem } from './restore-item';

const item = (type: string, content: Record<string, unknown>, over: Partial<ParsedItem> = {}): ParsedItem => ({
  index: 0,
  sourceId: 'src-1',
  type,
  name: 'It',
  folderPath: '/',
  description: '',
  comments: '',
  createdBy: '',
  createdAt: '',
  lastEditedBy: '',
  lastEditedAt: '',
  content,
  problems: [],
  ...over,
});
const node = (kind: string, attributes?: Record<string, string>, ...predicates: unknown[]) => ({
  kind,
  ...(attributes ? { attributes } : {}),
  ...(predicates.length ? { predicates } : {}),
});
const rule = (templateId: string) => ({
  rootTerm: node(
    'Rule',
    undefined,
    node('RootPredicate', { classLabel: 'A', objLabel: '' }, node('NotPredicate', { template_id: templateId }, node('NullValue'))),
  ),
});

describe('prepareRestoreItem (worker) and fillReferences (main thread)', () => {
  it('writes the content once with placeholders where its references are, which the ids then fill exactly', () => {
    const content = {
      pairs: [
        { rule: 'r-1', action: 'a-1' },
        { rule: 'r-1', action: 'a-2', note: 'r-1 is "r-1"' },
      ],
    };
    const prepared = prepareRestoreItem(item('action-map', structuredClone(content)));
    expect(prepared).toMatchObject({ problem: null, placeholders: true, warnings: [] });
    expect(prepared.refs).toEqual([
      ['pairs.rule', 'r-1'],
      ['pairs.action', 'a-1'],
      ['pairs.rule', 'r-1'],
      ['pairs.action', 'a-2'],
    ]);
    expect(prepared.contentJson).not.toContain('r-1"');
    const ids = prepared.refs.map(([, value]) => `new-${value}`);
    const expected = rewriteReferences('action-map', content, (value) => `new-${value}`);
    expect(fillReferences(prepared.contentJson, ids)).toBe(JSON.stringify(expected));
    expect(JSON.parse(fillReferences(prepared.contentJson, ids)).pairs[1].note).toBe('r-1 is "r-1"');
  });

  it('leaves to the main thread content that holds strings like its placeholders', () => {
    const content = { ...rule('t-1'), note: '\u00000' };
    const prepared = prepareRestoreItem(item('rule', structuredClone(content)));
    expect(prepared).toMatchObject({ placeholders: false, refs: [['template_id', 't-1']] });
    expect(JSON.parse(prepared.contentJson)).toEqual(content);
    // Without references, such strings need no filling and stay as they are.
    const plain = prepareRestoreItem(item('discovery-spec', { note: '\u00000' }));
    expect(plain).toMatchObject({ placeholders: true, refs: [] });
    expect(fillReferences(plain.contentJson, [])).toBe(JSON.stringify({ note: '\u00000' }));
  });

  it('strips a data store of secrets and files, and says what it needs', () => {
    const content = {
      importCredentials: [
        { name: 'pw', datatype: 'PASSWORD', value: 's3cret' },
        { name: 'f', datatype: 'upload', value: 'C:\\temp\\f.zip' },
      ],
    };
    const prepared = prepareRestoreItem(item('datastore', content, { warnings: ['from the reader'] }));
    expect(prepared.contentJson).not.toContain('s3cret');
    expect(JSON.parse(prepared.contentJson).importCredentials[0].value).toBeNull();
    expect(prepared.warnings).toEqual(['from the reader', 'needs password', 'needs files']);
  });

  it('gives an item that cannot be restored its reason and nothing else', () => {
    const prepared = prepareRestoreItem(item('rule', rule('t-1'), { name: 'a/b' }));
    expect(prepared).toMatchObject({ problem: 'name must not contain "/"', refs: [], contentJson: '{}', warnings: [] });
    expect(prepared).not.toHaveProperty('content');
    expect(prepareRestoreItem(item('rule', { rootTerm: { kind: 'Rule' } })).warnings).toEqual([
      'incomplete: a rule must have Rule > RootPredicate, found Rule > nothing (and 1 more)',
    ]);
  });
});
