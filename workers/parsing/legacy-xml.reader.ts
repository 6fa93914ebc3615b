import { SaxesParser } from 'saxes';
import { STUDIO_NS } from '../../src/backup/writers/legacy-xml-format';
import { LegacyXmlBuilder } from './legacy-xml-builder';
import { InvalidBackupError, ParsedItem } from './parsed-item';

const DOCTYPE = '<!DOCTYPE';

/**
 * Reads a 1Integrate legacy XML backup (SPEC §4) as a stream and yields one ParsedItem per
 * folder and item, in file order, as soon as each is complete (folders before their contents).
 * The type-root folders (`RuleFolder` "RULE", …) are not items: their children are at `/`.
 *
 * Pure and bounded: no document is built; memory holds the open elements, the current item and
 * the set of folder paths seen. References stay the URIs of the file (`RULE://…`).
 *
 * Security (SPEC §9): any DOCTYPE is refused as soon as it is seen, so no DTD is read and no
 * entity other than the five predefined ones and character references is ever expanded (saxes
 * itself never fetches external entities and fails on undefined ones).
 *
 * The whole file is rejected with InvalidBackupError (saying where parsing stopped) when it is
 * not well-formed XML, is truncated, is not UTF-8, or its root is not `Backup` in the studio v2
 * namespace. Problems of one item (no body, two bodies, unknown body, …) go into its `problems`.
 */
export async function* readLegacyXml(input: NodeJS.ReadableStream | AsyncIterable<string | Buffer>): AsyncGenerator<ParsedItem> {
  const ready: ParsedItem[] = [];
  const parser = new SaxesParser({ xmlns: true, position: true });
  const builder = new LegacyXmlBuilder((item) => ready.push(item));
  let failure: Error | undefined;
  const where = () => `line ${parser.line}, column ${parser.column}`;
  const fail = (message: string): never => {
    failure ??= new InvalidBackupError(message);
    throw failure;
  };

  let sawRoot = false;
  let ending = false;
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
      if (tag.local !== 'Backup' || tag.uri !== STUDIO_NS) {
        const ns = tag.uri ? ` in namespace "${tag.uri}"` : ' (no namespace)';
        fail(`not a 1Integrate legacy XML backup: the root element is <${tag.name}>${ns}, expected <Backup> in "${STUDIO_NS}"`);
      }
    }
    builder.open(tag);
  });
  parser.on('text', (text) => builder.text(text));
  parser.on('cdata', (text) => builder.text(text));
  parser.on('closetag', () => builder.close());

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
    yield* ready.splice(0);
  }
  feed(decode(new Uint8Array(0), false));
  if (!sawRoot) fail(`not an XML document: no root element (input ended at ${where()})`);
  ending = true;
  try {
    parser.close();
  } catch (err) {
    throw failure ?? new InvalidBackupError(`the XML document ends early (truncated?): ${(err as Error).message}`);
  }
  yield* ready.splice(0);
}
