import { SaxesParser, SaxesTagNS } from 'saxes';
import { InvalidBackupError } from './parsed-item';
import { FILE_NESTING_CEILING } from '../../src/repository/domain/limits';

const DOCTYPE = '<!DOCTYPE';

/**
 * Deepest element nesting accepted (FILE_NESTING_CEILING, as for JSON). Real exports nest a few
 * dozen levels, and a backup of items within LIMITS far less than this; a hostile file nesting
 * thousands would cost saxes time growing with the square of the depth and overflow recursive
 * conversions, so it is refused early. An item nested deeper than the content limit but not this
 * deep fails on its own.
 */
export const MAX_XML_DEPTH = FILE_NESTING_CEILING;

/** What a streaming XML reader does with the elements of a document (root already accepted). */
export interface XmlHandlers {
  /** Why the root element is not the one expected (the whole file is refused), or undefined. */
  rootProblem(tag: SaxesTagNS): string | undefined;
  open(tag: SaxesTagNS): void;
  /** Text and CDATA. */
  text(text: string): void;
  close(): void;
}

/**
 * Streams an XML document through saxes with the rules every XML backup reader shares (SPEC §9),
 * yielding what `drain()` returns after each chunk of input and at the end.
 *
 * Security: any DOCTYPE is refused as soon as it is seen, before saxes buffers a (possibly huge)
 * internal subset, so no DTD is read and no entity other than the five predefined ones and
 * character references is ever expanded (saxes itself never fetches external entities and fails
 * on undefined ones).
 *
 * The whole file is rejected with InvalidBackupError (saying where parsing stopped) when it is not
 * well-formed XML, is truncated, is not UTF-8, or `rootProblem` refuses its root element.
 */
export async function* streamXml<T>(input: NodeJS.ReadableStream | AsyncIterable<string | Buffer>, handlers: XmlHandlers, drain: () => T[]): AsyncGenerator<T> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let failure: Error | undefined;
  const where = () => `line ${parser.line}, column ${parser.column}`;
  const fail = (message: string): never => {
    failure ??= new InvalidBackupError(message);
    throw failure;
  };

  let sawRoot = false;
  let ending = false;
  let depth = 0;
  parser.on('error', (err) =>
    fail(
      ending
        ? `the XML document ends early (truncated?): ${err.message} (input ended at ${where()})`
        : `not a well-formed XML document: ${err.message} (parsing stopped at ${where()})`,
    ),
  );
  parser.on('doctype', () => fail(`DOCTYPE declarations are not accepted (DTDs and entities are refused), at ${where()}`));
  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding)) fail(`unsupported encoding "${decl.encoding}": only UTF-8 is accepted`);
  });
  parser.on('opentag', (tag) => {
    if (!sawRoot) {
      sawRoot = true;
      const problem = handlers.rootProblem(tag);
      if (problem !== undefined) fail(problem);
    }
    if (++depth > MAX_XML_DEPTH) fail(`elements are nested deeper than ${MAX_XML_DEPTH} levels, at ${where()}`);
    handlers.open(tag);
  });
  parser.on('text', (text) => handlers.text(text));
  parser.on('cdata', (text) => handlers.text(text));
  parser.on('closetag', () => {
    depth--;
    handlers.close();
  });

  const decoder = new TextDecoder('utf-8', { fatal: true }); // also drops a leading BOM
  let first = true;
  const decode = (chunk: string | Buffer | Uint8Array, stream: boolean): string => {
    if (typeof chunk === 'string') {
      const text = first ? chunk.replace(/^\uFEFF/, '') : chunk;
      first = false;
      return text;
    }
    first = false;
    try {
      return decoder.decode(chunk, { stream });
    } catch {
      return fail(`the file is not valid UTF-8 (after ${where()})`);
    }
  };
  const write = (text: string) => {
    try {
      parser.write(text);
    } catch (err) {
      throw failure ?? new InvalidBackupError(`not a well-formed XML document: ${(err as Error).message} (at ${where()})`);
    }
  };
  // Refuse a DOCTYPE when it starts, before saxes buffers a (possibly huge) internal subset.
  let tail = '';
  const feed = (text: string) => {
    if (sawRoot) return write(text);
    const at = (tail + text).indexOf(DOCTYPE);
    if (at < 0) {
      tail = (tail + text).slice(-DOCTYPE.length);
      return write(text);
    }
    write(text.slice(0, Math.max(0, at + DOCTYPE.length - tail.length)));
    fail(`DOCTYPE declarations are not accepted (DTDs and entities are refused), at ${where()}`);
  };

  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    feed(decode(chunk, true));
    yield* drain();
  }
  feed(decode(new Uint8Array(0), false));
  if (!sawRoot) fail(`not an XML document: no root element (input ended at ${where()})`);
  ending = true;
  try {
    parser.close();
  } catch (err) {
    throw failure ?? new InvalidBackupError(`the XML document ends early (truncated?): ${(err as Error).message}`);
  }
  yield* drain();
}
