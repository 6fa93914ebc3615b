import streamJson from 'stream-json';
import { none } from 'stream-chain';

/**
 * stream-json 2.1 as the general JSON path uses it. Its exported factories build stream-chain
 * generator pipelines: called with text (and finally with `endOfText`), a stage returns an async
 * iterable of its output. The bundled .d.ts types only the inner step, hence the casts here.
 */
export type TextStage<T> = (text: string | typeof none) => AsyncIterable<T>;

export interface JsonToken {
  name: string;
  value?: unknown;
}

export const endOfText: typeof none = none;

/** The parser, packing every key, string and number into one token. */
export function jsonTokenizer(): TextStage<JsonToken> {
  return streamJson.parser({ packValues: true, streamValues: false }) as unknown as TextStage<JsonToken>;
}

// stream-json publishes utils/ through package.json "exports", which `moduleResolution: node`
// does not read: require the public path at run time, take the types from src/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const verifier = require('stream-json/utils/verifier.js') as typeof import('stream-json/src/utils/verifier');

/** The verifier: yields nothing, throws a JsonFault at the first fault. */
export function jsonVerifier(): TextStage<never> {
  return verifier() as unknown as TextStage<never>;
}

/** A fault the verifier found, at `offset` characters into its input. */
export interface JsonFault extends Error {
  offset: number;
}

export function isJsonFault(error: unknown): error is JsonFault {
  return error instanceof Error && typeof (error as JsonFault).offset === 'number';
}
