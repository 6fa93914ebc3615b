import { toJsonText } from './event-store';
import { contentOffsetOf, withContentJson } from './item-data-json';

/** The content's JSON where contentOffsetOf finds it. */
function contentJsonOf(json: string, data: { content?: unknown }): string | undefined {
  const at = contentOffsetOf(json, data);
  return at === undefined ? undefined : json.slice(at, -1);
}

describe('item event data with its content last', () => {
  const content = { rule: { op: 'and', args: ['a "quoted", "content": string', 1.5e-7, null] }, note: 'é\u2028' };
  const fields = { id: 'i1', itemType: 'rule', name: 'Has "content": inside', description: '' };

  it('splices serialised content in as the last member', () => {
    const json = toJsonText(withContentJson(fields, JSON.stringify(content)));
    expect(JSON.parse(json)).toEqual({ ...fields, content });
    expect(json).toBe(JSON.stringify({ ...fields, content }));
  });

  it('takes the content back out of data written either way', () => {
    for (const json of [toJsonText(withContentJson(fields, JSON.stringify(content))), JSON.stringify({ ...fields, content })]) {
      const data = JSON.parse(json) as typeof fields & { content: unknown };
      expect(contentJsonOf(json, data)).toBe(JSON.stringify(content));
    }
  });

  it('works without other fields', () => {
    const json = toJsonText(withContentJson({}, '{"x":[]}'));
    expect(json).toBe('{"content":{"x":[]}}');
    expect(contentJsonOf(json, JSON.parse(json) as { content: unknown })).toBe('{"x":[]}');
  });

  it('gives nothing when the content is not last, is missing, or the text is laid out otherwise', () => {
    const middle = JSON.stringify({ id: 'i1', content, name: 'n' });
    expect(contentJsonOf(middle, JSON.parse(middle) as { content: unknown })).toBeUndefined();
    const none = JSON.stringify(fields);
    expect(contentJsonOf(none, JSON.parse(none) as { content?: unknown })).toBeUndefined();
    const spaced = JSON.stringify({ ...fields, content }, null, 1);
    expect(contentJsonOf(spaced, JSON.parse(spaced) as { content: unknown })).toBeUndefined();
  });
});
