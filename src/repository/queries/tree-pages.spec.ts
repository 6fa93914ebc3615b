import Database from 'better-sqlite3';
import { VIEW_SCHEMA } from '../../read-model/view-schema';
import { TreeNode, TreePages } from './tree-pages';

/**
 * The tree's queries against the read model's own schema: a page costs what it shows, not what
 * the repository holds. The repository has one small folder at the root and thousands of folders
 * elsewhere, which is where a query served by the wrong index walks every folder by name.
 */
describe('TreePages', () => {
  const db = new Database(':memory:');
  const statements: string[] = [];
  let n = 0;
  const add = (type: string, name: string, folderId: string | null): string => {
    const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    db.prepare(
      `INSERT INTO item_versions (item_id, version, from_pos, to_pos, type, name, folder_id, description, comments, content_inline,
         content_hash, shape_complete, created_by, created_at, last_edited_by, last_edited_at)
       VALUES (?, 1, ?, NULL, ?, ?, ?, '', '', '{}', 'h', 1, 'admin', '2026-12-01T00:00:00Z', 'admin', '2026-12-01T00:00:00Z')`,
    ).run(id, n, type, name, folderId);
    return id;
  };

  beforeAll(() => {
    db.exec(VIEW_SCHEMA);
    const small = add('folder', 'Small', null);
    for (const name of ['b', 'a', 'c']) add('folder', `Sub ${name}`, small);
    add('rule', 'Rule', small);
    add('action', 'Action', small);
    const big = add('folder', 'Big', null);
    for (let i = 0; i < 3000; i++) add('folder', `F${String(i).padStart(4, '0')}`, big);
    // Every statement the tree prepares, to read its plan afterwards.
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare;
  });
  afterAll(() => db.close());

  const walk = (folderId: string | null, limit: number) => {
    const pages = new TreePages(db, () => BigInt(n));
    const names: string[] = [];
    const visit = (nodes: TreeNode[]) => nodes.forEach((node) => (node.continued ? null : names.push(node.name), visit(node.children ?? [])));
    let cursor: string | undefined;
    do {
      const page = pages.page({ folderId, depth: 100, limit, cursor });
      visit(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return names;
  };

  it("pages a folder's entries in order: folders by name, then items by type and name", () => {
    const small = db.prepare(`SELECT item_id FROM item_versions WHERE name = 'Small'`).pluck().get() as string;
    expect(walk(small, 2)).toEqual(['Sub a', 'Sub b', 'Sub c', 'Action', 'Rule']);
  });

  it('reads entries through the folder index, with no sort and no walk over the other folders', () => {
    statements.length = 0;
    walk(null, 50);
    const entryQueries = [...new Set(statements)]
      .filter((sql) => sql.includes('folder_id IS @folder'))
      .map((sql) => ({
        sql: sql.replace(/\s+/g, ' ').slice(0, 120),
        plan: (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ folder: null, type: 'folder', name: 'a', id: 'b', limit: 1 }) as { detail: string }[]).map(
          (r) => r.detail,
        ),
      }));
    expect(entryQueries.length).toBeGreaterThan(0);
    for (const { sql, plan } of entryQueries)
      expect({ sql, plan }).toEqual({ sql, plan: [expect.stringMatching(/^SEARCH item_versions USING INDEX item_versions_live_folder \(folder_id=\?/)] });
  });
});
