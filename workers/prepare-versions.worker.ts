import { PreparedVersion, createdVersionAt } from '../src/read-model/item-projection';
import type { RecordedEvent } from '../src/event-store/event-store';

/**
 * Piscina task file: the versions a page of ItemCreated events makes, computed off the main
 * thread (parsing each event's data, hashing its content, checking its shape,
 * listing its references), so the projector's thread only writes them. No database here.
 */

/** An ItemCreated as the log keeps it: its data as JSON text. */
export type CreatedEvent = Omit<RecordedEvent, 'data' | 'dataJson'> & { dataJson: string };

export interface PrepareVersionsTask {
  events: CreatedEvent[];
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
  return events.map((event) => {
    const { version, contentAt } = createdVersionAt({ ...event, data: JSON.parse(event.dataJson) as unknown });
    return contentAt === undefined ? version : { ...version, content: null, contentAt };
  });
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
