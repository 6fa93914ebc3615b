import { createdVersion } from '../src/read-model/item-projection';
import { withContentJson } from '../src/event-store/item-data-json';
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
});
