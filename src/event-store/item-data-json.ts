import type { VersionEvent } from '../repository/domain/item.builders';
import { itemStreamId } from '../repository/domain/item.events';
import { RawJson, type EventMetadata, type NewEvent } from './event-store';

/** A version's event (item.builders.ts) as the log takes it: its content's JSON text spliced in last. */
export function versionWithContent(itemId: string, event: VersionEvent, contentJson: string, metadata: EventMetadata): NewEvent {
  return versionWithContentAt(itemId, event, contentJson, metadata).event;
}

/**
 * versionWithContent, and where the content's JSON starts in the event's data text, in characters
 * (what a restore tells the projection in ContentFacts).
 */
export function versionWithContentAt(
  itemId: string,
  event: VersionEvent,
  contentJson: string,
  metadata: EventMetadata,
): { event: NewEvent; contentAt: number } {
  const { data, contentAt } = withContentJsonAt(event.data, contentJson);
  return { event: { streamId: itemStreamId(itemId), type: event.type, data, metadata }, contentAt };
}

/**
 * Item event data as JSON text with `content` as its last member. A writer can then splice in
 * content already serialised elsewhere (a full restore's parse worker does it once per item), and
 * a reader holding the data's JSON text can take the content's JSON from it instead of
 * serialising the parsed content again (the projection's worker, for every ItemCreated).
 */
export function withContentJson(fields: Record<string, unknown>, contentJson: string): RawJson {
  return withContentJsonAt(fields, contentJson).data;
}

/** withContentJson, and where the content's JSON starts in the text, in characters. */
function withContentJsonAt(fields: Record<string, unknown>, contentJson: string): { data: RawJson; contentAt: number } {
  const prefix = contentPrefix(fields);
  return { data: new RawJson(`${prefix}${contentJson}}`), contentAt: prefix.length };
}

/**
 * Where the JSON text of `data.content` starts inside `dataJson` (the JSON `data` was parsed from)
 * — it runs to the data's closing brace — when it is the last member there as `withContentJson`
 * (or JSON.stringify of such an object) writes it; undefined otherwise.
 */
export function contentOffsetOf(dataJson: string, data: { content?: unknown }): number | undefined {
  if (data.content === undefined) return undefined;
  const { content: _content, ...fields } = data;
  const prefix = contentPrefix(fields);
  if (dataJson.length <= prefix.length + 1 || !dataJson.startsWith(prefix) || !dataJson.endsWith('}')) return undefined;
  return prefix.length;
}

/** `fields` as JSON, opened up for a last member `content`. */
function contentPrefix(fields: Record<string, unknown>): string {
  const head = JSON.stringify(fields);
  return `${head.slice(0, -1)}${head === '{}' ? '' : ','}"content":`;
}
