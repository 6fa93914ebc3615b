import { rewriteReferences } from '../../src/repository/domain/item';
import type { ItemDto } from '../../src/repository/queries/item-view';
import type { TestApp } from './test-app';
import type { PlannedItem } from './repository-model';

/** An item as `GET /api/items` shows it. */
export type ItemView = ItemDto;

/** Makes the planned items through the API, in order (passwords with the content, files uploaded); their ids by index. */
export async function createThrough(t: TestApp, planned: readonly PlannedItem[]): Promise<string[]> {
  const ids: string[] = [];
  const idOf = (index: number) => ids[index];
  for (const item of planned) {
    let content = item.content(idOf);
    if (item.password !== undefined) content = withPassword(content, item.password);
    const res = await t
      .admin()
      .post('/api/items')
      .send({
        type: item.type,
        name: item.name,
        folderId: item.folder === null ? null : ids[item.folder],
        description: item.description,
        comments: item.comments,
        content,
      });
    if (res.status !== 201) throw new Error(`creating ${item.type} ${JSON.stringify(item.name)}: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.id);
    if (item.file) {
      await t
        .admin()
        .put(`/api/items/${res.body.id}/files/${item.file.name}`)
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from(item.file.bytes))
        .expect(204);
    }
  }
  return ids;
}

function withPassword(content: Record<string, unknown>, password: string): Record<string, unknown> {
  const params = (content.importCredentials as { datatype: string; value: unknown }[]).map((p) => (p.datatype === 'password' ? { ...p, value: password } : p));
  return { ...content, importCredentials: params };
}

/** Every live item of the repository, page by page. */
export async function snapshot(t: TestApp): Promise<ItemView[]> {
  const items: ItemView[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const page: { body: { items: ItemView[]; nextCursor: string | null } } = await t
      .admin()
      .get(`/api/items?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      .expect(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  }
  return items;
}

/**
 * What must survive a round trip, keyed by type and path, with references as the type and path
 * of their target (ids differ between repositories: the path says where it is), without the version (a restore writes its
 * own history), and with secrets and files aside: the values of password params and whether they
 * are set, an upload param's file as the name it shows (a backup holds no value, the file's name
 * as its display value), what is needed.
 */
export function comparable(items: readonly ItemView[]): Map<string, unknown> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const key = (i: Pick<ItemView, 'type' | 'path'>) => `${i.type} ${i.path}`;
  const out = new Map<string, unknown>();
  for (const i of items) {
    const target = (id: string) => {
      const found = byId.get(id);
      return found ? `→ ${key(found)}` : `→ unknown ${id}`;
    };
    const { id: _id, folderId: _folderId, needs: _needs, version: _version, ...fields } = i;
    out.set(key(i), { ...fields, content: withoutSecrets(rewriteReferences(i.type, i.content, target)) });
  }
  return out;
}

function withoutSecrets(content: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...content };
  for (const list of ['importCredentials', 'exportCredentials']) {
    if (!Array.isArray(copy[list])) continue;
    copy[list] = (copy[list] as Record<string, unknown>[]).map((p) => {
      const { isSet: _isSet, value, displayValue, ...rest } = p;
      if (/^password$/i.test(String(p.datatype))) return { ...rest, displayValue };
      if (/^upload$/i.test(String(p.datatype))) return { ...rest, file: displayValue ?? value };
      return p;
    });
  }
  return copy;
}

/** Empties a repository through the product itself: a full restore of a repository backup with no items. */
export async function emptyRepository(t: TestApp): Promise<void> {
  const empty =
    '{"format":"strata-backup","version":1,"scope":"repository","createdAt":"2026-01-01T00:00:00.000Z","createdBy":"test","position":"0","items":[\n]}\n';
  await t.admin().post('/api/admin/repository/restore').set('Content-Type', 'application/json').send(empty).expect(200);
}

/**
 * The indexes of the planned items a backup of `selected` holds (SPEC §4): the selection, folders'
 * subtrees and references, transitively, then the ancestor folders of all of them.
 */
export function closureOf(planned: readonly PlannedItem[], selected: readonly number[]): Set<number> {
  const held = new Set<number>();
  const pending = [...selected];
  while (pending.length > 0) {
    const index = pending.pop()!;
    if (held.has(index)) continue;
    held.add(index);
    pending.push(...planned[index].references);
    if (planned[index].type === 'folder') planned.forEach((p, i) => p.folder === index && pending.push(i));
  }
  for (const index of [...held]) {
    for (let folder = planned[index].folder; folder !== null; folder = planned[folder].folder) held.add(folder);
  }
  return held;
}
