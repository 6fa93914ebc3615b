import { PreparedVersion, createdVersion } from '../src/read-model/item-projection';
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

export default function prepareVersions({ events }: PrepareVersionsTask): PreparedVersion[] {
  return events.map((event) => createdVersion({ ...event, data: JSON.parse(event.dataJson) as unknown }));
}
