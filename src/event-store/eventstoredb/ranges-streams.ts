import { rangesEvents, sameRanges, StreamRange } from './commit-marker';
import { ChunkedStreamWriter } from './esdb-io';
import type { EventStoreDbStagedBatch } from './eventstoredb-staged-batch';
import type { ResilientClient } from './resilient-client';

/**
 * The ranges of a batch too large for its marker live in a stream of their own,
 * `<batch>-ranges-<n>`, written at commit (ranges depend on what was committed before).
 */

/** Writes the ranges of a large batch to a stream of their own (reused while unchanged). */
export async function placeRanges(client: ResilientClient, batch: EventStoreDbStagedBatch, ranges: StreamRange[], maxChunkBytes: number): Promise<string> {
  const previous = batch.rangesStreams.find((r) => sameRanges(r.ranges, ranges));
  if (previous) return previous.stream;
  // A fresh name per write: a write that failed half-way leaves an orphan (swept), never a clash.
  const stream = `${batch.stream}-ranges-${batch.rangesWrites++}`;
  const writer = new ChunkedStreamWriter(client, stream, maxChunkBytes);
  for (const { event, bytes } of rangesEvents(ranges)) await writer.push(event, bytes);
  await writer.flush();
  batch.rangesStreams.push({ stream, ranges });
  return stream;
}

/** Deletes the ranges streams of earlier attempts that the committed marker does not name. */
export async function dropStaleRanges(client: ResilientClient, batch: EventStoreDbStagedBatch, used: string | undefined): Promise<void> {
  for (const { stream } of batch.rangesStreams) {
    if (stream !== used) await client.raw.deleteStream(stream).catch(() => undefined);
  }
}
