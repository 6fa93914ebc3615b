import { InvalidBackupError } from './parsed-item';
import type { RecordContent } from './arcgis-rules-record';

/** What the rest of the file is read with: one entry per body record, in file order. */
export interface Manifest {
  /** The rule set's name (the last element of its `abs` path): the top folder. */
  ruleSet: string;
  /** Entry k describes record k + 1; entry 0 is the rule set itself. */
  entries: ManifestEntry[];
}

export interface ManifestEntry {
  /** `metadata.appType`: rule_set, folder, package, rule, action, quickaction, … */
  appType: string;
  /** The path inside the rule set (`rel`): `head`, then packages, then the rule's name. */
  rel: string[];
}

const INTENT = 'rule_author_ruleset';

/**
 * Record 0 of a `.rules` file: `{"intent":"rule_author_ruleset","items":[{abs, rel, metadata}, …]}`.
 * Only what placing and typing the items needs is kept (paths and app types), so the manifest's
 * other fields (versions, formats, tags) take no memory. Anything that keeps the rest of the file
 * from being read (no manifest, another intent, an entry without a path or type, the rule set not
 * first) refuses the whole file.
 */
export function readManifest(record: RecordContent): Manifest {
  if ('empty' in record) throw invalid('record 0, the manifest, is empty');
  if ('problem' in record) throw invalid(`record 0, the manifest, cannot be read: ${record.problem}`);
  const manifest = record.value;
  if (!isObject(manifest) || manifest.intent !== INTENT) {
    throw invalid(`record 0 is not a Rule Author rule set manifest ({"intent":"${INTENT}", …})`);
  }
  if (!Array.isArray(manifest.items) || manifest.items.length === 0) throw invalid('the manifest lists no items');
  const entries = manifest.items.map(toEntry);
  const first = manifest.items[0] as { abs?: unknown };
  const abs = Array.isArray(first.abs) ? first.abs : [];
  const ruleSet = abs[abs.length - 1];
  if (entries[0].appType !== 'rule_set' || entries[0].rel.length !== 0 || typeof ruleSet !== 'string') {
    throw invalid('the manifest does not start with the rule set (appType "rule_set", an empty "rel", its name last in "abs")');
  }
  return { ruleSet, entries };
}

function toEntry(item: unknown, index: number): ManifestEntry {
  const where = `manifest item ${index}`;
  if (!isObject(item)) throw invalid(`${where} is not an object`);
  const { rel, metadata } = item;
  if (!Array.isArray(rel) || !rel.every((name) => typeof name === 'string')) throw invalid(`${where} has no path ("rel", a list of names)`);
  const appType = isObject(metadata) ? metadata.appType : undefined;
  if (typeof appType !== 'string') throw invalid(`${where} has no "metadata.appType"`);
  return { appType, rel: rel as string[] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function invalid(message: string): InvalidBackupError {
  return new InvalidBackupError(`not a valid .rules file: ${message}`);
}
