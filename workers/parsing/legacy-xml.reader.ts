import { STUDIO_NS } from '../../src/formats/legacy-xml/legacy-xml-format';
import { LegacyXmlBuilder } from './legacy-xml-builder';
import type { ParsedItem } from './parsed-item';
import { streamXml } from './safe-xml-stream';

/**
 * Reads a 1Integrate legacy XML backup (SPEC §4) as a stream and yields one ParsedItem per
 * folder and item, in file order, as soon as each is complete (folders before their contents).
 * The type-root folders (`RuleFolder` "RULE", …) are not items: their children are at `/`.
 *
 * Pure and bounded: no document is built; memory holds the open elements, the current item and
 * the set of folder paths seen. References stay the URIs of the file (`RULE://…`).
 *
 * Security (SPEC §9, in safe-xml-stream.ts): any DOCTYPE is refused as soon as it is seen, so no
 * DTD is read and no entity other than the five predefined ones and character references is ever
 * expanded (saxes itself never fetches external entities and fails on undefined ones).
 *
 * The whole file is rejected with InvalidBackupError (saying where parsing stopped) when it is
 * not well-formed XML, is truncated, is not UTF-8, or its root is not `Backup` in the studio v2
 * namespace. Problems of one item (no body, two bodies, unknown body, …) go into its `problems`.
 */
export async function* readLegacyXml(input: NodeJS.ReadableStream | AsyncIterable<string | Buffer>): AsyncGenerator<ParsedItem> {
  const ready: ParsedItem[] = [];
  const builder = new LegacyXmlBuilder((item) => ready.push(item));
  yield* streamXml(
    input,
    {
      rootProblem: (tag) => {
        if (tag.local === 'Backup' && tag.uri === STUDIO_NS) return undefined;
        const ns = tag.uri ? ` in namespace "${tag.uri}"` : ' (no namespace)';
        return `not a 1Integrate legacy XML backup: the root element is <${tag.name}>${ns}, expected <Backup> in "${STUDIO_NS}"`;
      },
      open: (tag) => builder.open(tag),
      text: (text) => builder.text(text),
      close: () => builder.close(),
    },
    () => ready.splice(0),
  );
}
