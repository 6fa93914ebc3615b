import { ArcgisXmlBuilder } from './arcgis-xml-builder';
import type { ParsedItem } from './parsed-item';
import { streamXml } from './safe-xml-stream';

/**
 * Reads a 1Integrate for ArcGIS rule set export (SPEC §8: `<RuleSet>` → `<Folder>`* →
 * `<Package>` holding `<Rule>`, `<QuickRule>`, `<Action>`, `<QuickAction>`, `<Schema>`) as a
 * stream and yields one ParsedItem per element of that tree, in file order:
 * - the rule set, folders and packages as folders (path `/<rule set>/<folder>/…/<package>`),
 *   with their descriptions;
 * - rules and actions with their name, description and body, `rootTerm` being the `Rule`/`Action`
 *   element as in legacy XML (`Rule > RootPredicate`, `Action > RootOperation`) without its
 *   attributes (`name` is the item's) and without links (`<ReportAction>`, `template_*` attributes);
 * - quick rules, quick actions and schemas with `skip` and the reason (not imported);
 * - any other element as an item whose problem says it is unknown.
 * Created/Last Edited stay empty: the restore records the restoring user and time. Problems of one
 * element (no name, no body, …) go into its `problems`; the planner checks names and completeness.
 *
 * Same safety and streaming as legacy XML (safe-xml-stream.ts): DOCTYPE refused, UTF-8 only,
 * memory holds the open elements and the current rule's body. The whole file is rejected with
 * InvalidBackupError when it is not well-formed XML, is truncated or its root is not `<RuleSet>`.
 */
export async function* readArcgisXml(input: NodeJS.ReadableStream | AsyncIterable<string | Buffer>): AsyncGenerator<ParsedItem> {
  const ready: ParsedItem[] = [];
  let builder: ArcgisXmlBuilder | undefined;
  yield* streamXml(
    input,
    {
      rootProblem: (tag) => {
        if (tag.local === 'RuleSet') {
          builder = new ArcgisXmlBuilder(tag.uri, (item) => ready.push(item));
          return undefined;
        }
        const ns = tag.uri ? ` in namespace "${tag.uri}"` : '';
        return `not a 1Integrate for ArcGIS rule set export: the root element is <${tag.name}>${ns}, expected <RuleSet>`;
      },
      open: (tag) => builder?.open(tag),
      text: (text) => builder?.text(text),
      close: () => builder?.close(),
    },
    () => ready.splice(0),
  );
}
