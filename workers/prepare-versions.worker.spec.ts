import { createdVersion, editedVersionAt, type BaseFields, type ContentFacts } from '../src/read-model/item-projection';
import { versionWithContentAt, withContentJson } from '../src/event-store/item-data-json';
import { referencesOf, type ItemContent, type ItemType } from '../src/repository/domain/item';
import { isShapeComplete } from '../src/repository/domain/completeness';
import { versionEvent } from '../src/repository/domain/item.builders';
import { toJsonText } from '../src/event-store/event-store';
import { incompleteRuleBody, ruleBody } from '../test/support/rule-bodies';
import prepareVersions, { SentEvent, receivedVersion } from './prepare-versions.worker';

const META = { userId: 'u1', userName: 'alice', at: '2026-11-27T10:00:00.000Z', correlationId: 'c1', causationId: 'c1' };
const fields = {
  id: 'r1',
  itemType: 'rule',
  name: 'Rule é',
  folderId: null,
  description: '',
  comments: '',
  createdBy: 'alice',
  createdAt: META.at,
  lastEditedBy: 'alice',
  lastEditedAt: META.at,
};
const content = { rootTerm: { kind: 'Check', attributes: { template_id: 't1' } }, note: 'quoted " \u2028' };

function event(dataJson: string): SentEvent {
  return { position: 7n, streamId: 'item-r1', streamRevision: 0n, type: 'ItemCreated', metadata: META, dataJson };
}

describe('prepareVersions (worker task)', () => {
  it('leaves content that ends the data in the data: the main thread takes it from there, or only its span in bytes', () => {
    const created = event(withContentJson(fields, JSON.stringify(content)).json);
    const [sent] = prepareVersions({ events: [created] });
    expect(sent.content).toBeNull();
    const version = receivedVersion(sent, created, true);
    expect(version).toEqual(createdVersion({ ...created, data: JSON.parse(created.dataJson) }));
    expect(JSON.parse(version.content!)).toEqual(content);
    // The span counts bytes: the name before the content has an "é" (2 bytes), the content a U+2028 (3).
    const bytes = Buffer.from(created.dataJson);
    expect(JSON.parse(bytes.subarray(version.span!.at, version.span!.at + version.span!.len).toString())).toEqual(content);
    expect(receivedVersion(sent, created, false)).toEqual({ ...version, content: null });
  });

  it('sends content laid out otherwise', () => {
    const created = event(JSON.stringify({ ...fields, content, extra: 1 }));
    const [sent] = prepareVersions({ events: [created] });
    expect(sent.content).toBe(JSON.stringify(content));
    expect(sent.span).toBeNull();
    expect(receivedVersion(sent, created, false)).toEqual(createdVersion({ ...created, data: JSON.parse(created.dataJson) }));
  });

  describe('with the content facts of a restore', () => {
    const base: BaseFields = { type: 'rule', name: 'Old', folder_id: null, description: '', comments: '', created_by: 'bob', created_at: META.at };
    const { id: _id, itemType: _type, ...versionFields } = fields;
    /** A restore's event for `content`, and the facts the restore knows of it. */
    function restored(change: 'created' | 'replaced', type: ItemType, content: ItemContent): { sent: SentEvent; facts: ContentFacts } {
      const { event, contentAt } = versionWithContentAt('r1', versionEvent(change, 'r1', type, versionFields), JSON.stringify(content), META);
      const sent: SentEvent = {
        position: 9n,
        streamId: event.streamId,
        streamRevision: change === 'created' ? 0n : 3n,
        type: event.type,
        metadata: META,
        dataJson: toJsonText(event.data),
        ...(change === 'replaced' ? { base } : {}),
      };
      return { sent, facts: { contentAt, refs: referencesOf(type, content), complete: isShapeComplete(type, content) } };
    }
    /** The version made by parsing the event's data, as without facts. */
    function parsed({ base: over, ...sent }: SentEvent) {
      const recorded = { ...sent, data: JSON.parse(sent.dataJson) };
      return over ? editedVersionAt(recorded, over).version : createdVersion(recorded);
    }
    const session = { tasks: [{ kind: 'check', datastore: 'd1', rules: ['r2', 'r3'] }] };

    it.each([
      ['created', 'rule', ruleBody('t1')],
      ['created', 'rule', incompleteRuleBody()],
      ['created', 'session', session],
      ['replaced', 'rule', ruleBody('t2')],
      ['created', 'folder', {}],
    ] as const)('makes the %s %s version the parsed event makes, its content not parsed', (change, type, content) => {
      const { sent, facts } = restored(change, type, content);
      const [version] = prepareVersions({ events: [{ ...sent, facts }] });
      expect(receivedVersion(version, sent, true)).toEqual(parsed(sent));
      expect(version.span).not.toBeNull();
    });

    it('hashes the content it is given and takes references and shape from the facts', () => {
      const { sent, facts } = restored('created', 'rule', ruleBody('t1'));
      const told = { ...facts, complete: false, refs: [{ field: 'template_id' as const, targetId: 'elsewhere' }] };
      const [version] = prepareVersions({ events: [{ ...sent, facts: told }] });
      const expected = parsed(sent);
      expect(expected.shape_complete).toBe(1);
      expect(receivedVersion(version, sent, true)).toEqual({ ...expected, shape_complete: 0, refs: told.refs });
    });

    it('parses the event when the facts do not fit it, and a data store always', () => {
      const { sent, facts } = restored('created', 'rule', ruleBody('t1'));
      const store = restored('created', 'datastore', { importCredentials: [{ name: 'pw', datatype: 'password', value: 'secret' }] });
      const wrong = [facts.contentAt - 1, facts.contentAt + 3, 0, sent.dataJson.length].map((contentAt) => ({
        ...sent,
        facts: { ...facts, complete: false, contentAt },
      }));
      const versions = prepareVersions({ events: [...wrong, { ...store.sent, facts: store.facts }] });
      expect(versions.map((v, i) => receivedVersion(v, i < wrong.length ? sent : store.sent, true))).toEqual([
        ...wrong.map(() => parsed(sent)),
        parsed(store.sent),
      ]);
    });
  });
});
