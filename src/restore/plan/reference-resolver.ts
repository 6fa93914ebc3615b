import type Database from 'better-sqlite3';
import type { BackupFormat } from '../../../workers/parsing/parsed-item';
import type { ReferenceField } from '../../repository/domain/item';
import { TYPE_ROOTS } from '../../formats/legacy-xml/legacy-xml-format';
import type { RepositoryLookup } from './repository-lookup';

export type ResolvedReference = { seq?: number; repoId?: string; missing?: undefined } | { missing: string; seq?: undefined };

/** The item types a reference field may point at. */
export const TARGETS: Record<ReferenceField, readonly string[]> = {
  template_id: ['rule-template', 'action-template'],
  'pairs.rule': ['rule'],
  'pairs.action': ['action'],
  'tasks.datastore': ['datastore'],
  'tasks.actionMap': ['action-map'],
  'tasks.discoverySpec': ['discovery-spec'],
  'tasks.conformanceRule': ['rule'],
  'tasks.rules': ['rule'],
  'tasks.actions': ['action'],
  datastore: ['datastore'],
};

/** How refmap names the types a field may point at. */
export function targetsKey(types: readonly string[]): string {
  return types.join(',');
}

/**
 * Resolves a reference as the file states it — first to an item of the same file, then to the
 * repository (Strata JSON: by id; legacy XML: by `TYPE://path`). Remembered in `refmap`, which
 * the batch builder reads to rewrite references.
 */
export class ReferenceResolver {
  private readonly known;
  private readonly inFile;
  private readonly remember;

  constructor(
    private readonly db: Database.Database,
    private readonly repo: RepositoryLookup,
  ) {
    this.known = db.prepare('SELECT seq, repo_id FROM refmap WHERE file = ? AND value = ? AND targets = ?');
    // The file's first item of that id, one of the types the field may name first (a rule and a
    // rule template of one path share their legacy XML URI).
    this.inFile = db.prepare(
      `SELECT seq, type FROM parsed WHERE file = ? AND source_id = ?
        ORDER BY CASE WHEN type IN (SELECT value FROM json_each(?)) THEN 0 ELSE 1 END, seq LIMIT 1`,
    );
    this.remember = db.prepare('INSERT OR REPLACE INTO refmap (file, value, targets, seq, repo_id) VALUES (?, ?, ?, ?, ?)');
  }

  /**
   * Resolves, in one pass before the plan, every reference value that names an item of its own
   * file of a type its field may point at: to the file's first such item, as resolve() would.
   * Those are most references, and the values are random ids: looked up and remembered one by one
   * in the plan's file order, each lookup and insert landed on an index page of its own (a
   * million-item file's references took 30 s of its plan). Here the values are sorted first, so
   * the lookups walk the index of the files' ids in order and refmap is written in its key's
   * order. Grouped, not DISTINCT: SQLite sorts a GROUP BY in runs but keeps a DISTINCT in a B-tree
   * it inserts into at random (600,000 references: 2.1 s against 11.0 s). What is left (values of
   * another type in the file, or not in it) resolve() does as each item is planned.
   */
  resolveInFiles(): void {
    this.db.exec(`
      INSERT INTO refmap (file, value, targets, seq, repo_id)
      SELECT r.file, r.value, t.targets, MIN(p.seq), NULL
        FROM (SELECT file, field, value FROM parsed_refs GROUP BY file, field, value) r
        JOIN ref_targets t ON t.field = r.field
        JOIN parsed p ON p.file = r.file AND p.source_id = r.value
       WHERE instr(',' || t.targets || ',', ',' || p.type || ',') > 0
       GROUP BY r.file, r.value, t.targets
       ORDER BY r.file, r.value, t.targets`);
  }

  resolve(file: number, format: BackupFormat, value: string, field: ReferenceField): ResolvedReference {
    const types = TARGETS[field];
    const targets = targetsKey(types);
    const known = this.known.get(file, value, targets) as { seq: number | null; repo_id: string | null } | undefined;
    if (known) return { seq: known.seq ?? undefined, repoId: known.repo_id ?? undefined };
    const local = this.inFile.get(file, value, JSON.stringify(types)) as { seq: number; type: string } | undefined;
    if (local) {
      if (!types.includes(local.type)) return { missing: `${field} ${value} is a ${local.type}, not a ${types.join(' or ')}` };
      this.remember.run(file, value, targets, local.seq, null);
      return { seq: local.seq };
    }
    const repoId = format === 'strata-json' ? this.byId(value, types) : this.byUri(value, types);
    if (!repoId) return { missing: `${field} ${value} is neither in the file nor in the repository` };
    this.remember.run(file, value, targets, null, repoId);
    return { repoId };
  }

  private byId(id: string, types: readonly string[]): string | undefined {
    const type = this.repo.liveType(id);
    return type && types.includes(type) ? id : undefined;
  }

  private byUri(uri: string, types: readonly string[]): string | undefined {
    const match = /^([A-Z_]+):\/\/(.*)$/.exec(uri);
    const root = match && TYPE_ROOTS.find((r) => r.scheme === match[1]);
    if (!match || !root) return undefined;
    return this.repo.byPath(
      '/' + match[2],
      root.types.filter((t) => types.includes(t)),
    )?.id;
  }
}
