import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Text chunks are handed to the socket once they reach this many characters. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Answers 200 with a JSON document written as it is produced, with the socket's back-pressure
 * and without holding it whole: `chunks` are pieces of its text. A client that goes away ends
 * the pipeline (and the generator behind it) instead of leaving it waiting for a drain.
 */
export async function sendJson(res: Response, chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
  res.status(200).type('application/json');
  await pipeline(Readable.from(batched(chunks), { objectMode: false }), res);
}

/** `[item,item,…]` as text, items serialised one by one. */
export async function* jsonArray(items: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const item of items) {
    yield (first ? '' : ',') + JSON.stringify(item);
    first = false;
  }
  yield ']';
}

async function* batched(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}
