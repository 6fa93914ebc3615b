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
 * it starts (`contentAt`, with `content` null), and the main thread, which has the data's text,
 * takes it from there without a copy.
 */
export type SentVersion = Omit<PreparedVersion, 'content'> & ({ content: string; contentAt?: never } | { content: null; contentAt: number });

export default function prepareVersions({ events }: PrepareVersionsTask): SentVersion[] {
  return events.map((event) => {
    const { version: prepared, contentAt } = createdVersionAt({ ...event, data: JSON.parse(event.dataJson) as unknown });
    const { content, ...version } = prepared;
    return contentAt === undefined ? { ...version, content } : { ...version, content: null, contentAt };
  });
}

/** The version `sent` for `event`, its content taken from the event's data when it was left there. */
export function receivedVersion(sent: SentVersion, event: { dataJson: string }): PreparedVersion {
  const { contentAt, ...version } = sent;
  return { ...version, content: sent.content ?? event.dataJson.slice(contentAt, -1) };
}
