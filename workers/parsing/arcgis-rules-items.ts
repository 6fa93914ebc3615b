import { LIMITS, contentDepthProblem } from '../../src/repository/domain/limits';
import { incompleteness } from '../../src/repository/domain/completeness';
import { QUICK_SKIP_REASON, SCHEMA_SKIP_REASON } from './arcgis-xml-elements';
import { containerBody, convertBody } from './arcgis-rules-body';
import type { Manifest, ManifestEntry } from './arcgis-rules-manifest';
import type { RecordContent } from './arcgis-rules-record';
import type { ParseProblem, ParsedItem } from './parsed-item';

/** App types reported as skipped (SPEC §8): the type shown in the report and the reason. */
const SKIPPED = new Map<string, { type: string; reason: string }>([
  ['quickrule', { type: 'quick-rule', reason: QUICK_SKIP_REASON }],
  ['quickaction', { type: 'quick-action', reason: QUICK_SKIP_REASON }],
  ['schema', { type: 'schema', reason: SCHEMA_SKIP_REASON }],
]);
const CONTAINERS = new Set(['rule_set', 'folder', 'package']);
/** The folder Rule Author keeps a rule set's packages in: not a folder of its own (SPEC §8). */
const HEAD = 'head';

/**
 * Turns each body record of a `.rules` file, with its manifest entry, into what the restore
 * reports (SPEC §8), in file order:
 * - the rule set, its folders and packages as folders (`/<rule set>/<package>`, `head` left out),
 *   with their Metadata's description, and a non-empty `SchemaInfo` of theirs as a skipped schema;
 * - rules and actions with their name (the last name of their path), description and body as
 *   1Integrate's rule language, failed (a problem on the item) when the body is missing, unreadable,
 *   not a rule tree, deeper than LIMITS.contentDepth, incomplete, or the name is too long: ArcGIS
 *   uploads refuse partial rules and actions, whatever the planner does with other formats;
 * - quick rules, quick actions and schemas as skipped; any other kind as an item that fails.
 * Created and Last Edited stay empty, so that the restore records the restoring user and time.
 */
export class ArcgisRulesItems {
  private index = 0;

  constructor(private readonly manifest: Manifest) {}

  /** The items of record `entry + 1`, the body of manifest entry `entry`. */
  itemsOf(entry: number, record: RecordContent): ParsedItem[] {
    const { appType, rel } = this.manifest.entries[entry];
    const place = this.placeOf(entry, this.manifest.entries[entry]);
    if (place === null) return [];
    const { name, folderPath } = place;
    const skipped = SKIPPED.get(appType);
    if (skipped) return [{ ...this.item(skipped.type, name, folderPath), skip: skipped.reason }];
    if (appType === 'rule' || appType === 'action') return [this.ruleOrAction(appType, name, folderPath, record)];
    if (!CONTAINERS.has(appType) || (appType === 'rule_set' && entry > 0)) {
      const message = `unknown item kind "${appType}" at ${rel.join('/')}: only rules and actions are restored`;
      return [{ ...this.item(appType, name, folderPath), problems: [{ code: 'UNKNOWN_ITEM', message }] }];
    }
    return this.container(name, folderPath, record);
  }

  /** Where the entry goes, null for `head`: the rule set is the top folder. */
  private placeOf(entry: number, { appType, rel }: ManifestEntry): { name: string; folderPath: string } | null {
    if (entry === 0) return { name: this.manifest.ruleSet, folderPath: '/' };
    const inside = rel[0] === HEAD ? rel.slice(1) : rel;
    if (inside.length === 0) return appType === 'folder' ? null : { name: HEAD, folderPath: `/${this.manifest.ruleSet}` };
    return { name: inside[inside.length - 1], folderPath: `/${[this.manifest.ruleSet, ...inside.slice(0, -1)].join('/')}` };
  }

  private container(name: string, folderPath: string, record: RecordContent): ParsedItem[] {
    if ('empty' in record) return [this.item('folder', name, folderPath)];
    if ('problem' in record) return [this.failed('folder', name, folderPath, 'UNREADABLE_BODY', `the body cannot be read: ${record.problem}`)];
    const body = containerBody(record.value);
    if (body.problems.length > 0) return [this.failed('folder', name, folderPath, 'INVALID_BODY', body.problems[0])];
    const folder = { ...this.item('folder', name, folderPath), description: body.description };
    const inside = folderPath === '/' ? `/${name}` : `${folderPath}/${name}`;
    const schemas = body.schemas.map((schema) => ({ ...this.item('schema', schema || 'SchemaInfo', inside), skip: SCHEMA_SKIP_REASON }));
    return [folder, ...schemas];
  }

  private ruleOrAction(type: 'rule' | 'action', name: string, folderPath: string, record: RecordContent): ParsedItem {
    const problems: ParseProblem[] = [];
    if ([...name].length > LIMITS.nameLength) {
      problems.push({ code: 'NAME_TOO_LONG', message: `name must be at most ${LIMITS.nameLength} characters` });
    }
    if ('empty' in record)
      return { ...this.item(type, name, folderPath), problems: [...problems, { code: 'MISSING_BODY', message: `the ${type} has no body` }] };
    if ('problem' in record) {
      problems.push({ code: 'UNREADABLE_BODY', message: `the body cannot be read: ${record.problem}` });
      return { ...this.item(type, name, folderPath), problems };
    }
    const body = convertBody(type, record.value);
    const content = { rootTerm: body.rootTerm };
    problems.push(...body.problems.map((message) => ({ code: 'INVALID_BODY', message })));
    const tooDeep = problems.length === 0 ? contentDepthProblem(content) : null;
    if (tooDeep) problems.push({ code: 'TOO_DEEP', message: `content: ${tooDeep}` });
    const incomplete = problems.length === 0 ? incompleteness(type, content) : null;
    if (incomplete) problems.push({ code: 'PARTIAL', message: incomplete });
    return { ...this.item(type, name, folderPath), description: body.description, content, problems };
  }

  private failed(type: string, name: string, folderPath: string, code: string, message: string): ParsedItem {
    return { ...this.item(type, name, folderPath), problems: [{ code, message }] };
  }

  private item(type: string, name: string, folderPath: string): ParsedItem {
    // No Created/Last Edited: the restoring user and the time of upload are recorded (SPEC §8).
    const none = { description: '', comments: '', createdBy: '', createdAt: '', lastEditedBy: '', lastEditedAt: '' };
    return { index: this.index++, sourceId: '', type, name, folderPath, ...none, content: {}, problems: [] };
  }
}
