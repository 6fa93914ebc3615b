import { BaseFields, ContentFacts, PreparedVersion, createdVersionAt, editedVersionAt, versionFromFacts } from '../src/read-model/item-projection';
import type { RecordedEvent } from '../src/event-store/event-store';

/**
 * Piscina task file: the versions a page of item events makes (ItemCreated, and edits with a new
 * content over the live version they were sent with), computed off the main thread (parsing each event's data, hashing its content, checking its shape,
 * listing its references), so the projector's thread only writes them. No database here.
 */

/**
 * An item event as the log keeps it, its data as JSON text: an ItemCreated, or an edit with a new
 * content and `base`, the live version it applies to; `facts`: what its writer knew of its content
 * (a restore's), so that it is not parsed again.
 */
export type SentEvent = Omit<RecordedEvent, 'data' | 'dataJson'> & { dataJson: string; base?: BaseFields; facts?: ContentFacts };

export interface PrepareVersionsTask {
  events: SentEvent[];
}

/**
 * A prepared version as it travels back. Its content's JSON is nearly all of it and is almost
 * always the end of the event's data (see `createdVersionAt`): then it is not sent back, only where
 * it starts (`contentAt`, with `content` null) and its span in bytes, and the main thread, which
 * has the data's text, takes it from there without a copy — or not at all, when the view points
 * into the log instead of keeping it.
 */
export type SentVersion = PreparedVersion & { contentAt?: number };

export default function prepareVersions({ events }: PrepareVersionsTask): SentVersion[] {
  return events.map(({ base, facts, ...event }) => {
    const { version, contentAt } = (facts && versionFromFacts(event, base, facts)) || parsedVersion(event, base);
    return contentAt === undefined ? version : { ...version, content: null, contentAt };
  });
}

function parsedVersion(event: Omit<SentEvent, 'base' | 'facts'>, base: BaseFields | undefined) {
  const recorded = { ...event, data: JSON.parse(event.dataJson) as unknown };
  return base ? editedVersionAt(recorded, base) : createdVersionAt(recorded);
}

/**
 * The version `sent` for `event`. `withText`: its content's JSON is needed (a view that keeps
 * contents inline), taken from the event's data when it was left there; otherwise only its span.
 */
export function receivedVersion(sent: SentVersion, event: { dataJson: string }, withText: boolean): PreparedVersion {
  const { contentAt, ...version } = sent;
  if (version.content !== null || !withText || contentAt === undefined) return version;
  return { ...version, content: event.dataJson.slice(contentAt, -1) };
}
