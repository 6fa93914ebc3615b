import { appForSuite } from './support/test-app';
import { TreeNode, tree } from './support/restore-helpers';

/** `GET /api/tree`: the folder tree in bounded pages (SPEC §3: folderId, depth and paging). */
describe('the tree, a bounded page at a time (e2e)', () => {
  const ids: Record<string, string> = {};

  const t = appForSuite({
    setup: async () => {
      const create = async (key: string, type: string, name: string, folder?: string) => {
        const res = await t
          .admin()
          .post('/api/items')
          .send({ type, name, folderId: folder ? ids[folder] : null });
        expect(res.status).toBe(201);
        ids[key] = res.body.id;
      };
      await create('b', 'folder', 'B');
      await create('a', 'folder', 'A');
      await create('a1', 'folder', 'A1', 'a');
      await create('a1x', 'rule', 'x', 'a1');
      await create('a1y', 'action', 'y', 'a1');
      await create('a2', 'folder', 'A2', 'a');
      await create('ar', 'rule', 'r', 'a');
      await create('aa', 'action', 'z', 'a');
      await create('b1', 'discovery-spec', 'b1', 'b');
      await create('top', 'session', 'Top');
    },
    timeout: 60_000,
  });

  const get = (query: string) => t.admin().get(`/api/tree?${query}`);
  const names = (nodes: TreeNode[]): unknown[] => nodes.map((n) => (n.children ? [n.name, names(n.children)] : n.name));

  it('gives the whole tree in pre-order: folders by name first, then items by type and name', async () => {
    const page = (await get('').expect(200)).body;
    expect(page.nextCursor).toBeNull();
    expect(names(page.items)).toEqual([['A', [['A1', ['y', 'x']], ['A2', []], 'z', 'r']], ['B', ['b1']], 'Top']);
  });

  it.each([1, 2, 3, 4, 7])('pages of %i nodes merge into the same tree, each page a tree with the folders it continues', async (limit) => {
    const pages: { items: TreeNode[]; nextCursor: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: TreeNode[]; nextCursor: string | null } } = await get(
        `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ).expect(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor !== null);
    const count = (nodes: TreeNode[]): number => nodes.reduce((n, node) => n + (node.continued ? 0 : 1) + count(node.children ?? []), 0);
    expect(pages.map((p) => count(p.items)).every((n) => n <= limit)).toBe(true);
    expect(pages.reduce((n, p) => n + count(p.items), 0)).toBe(10);
    expect(names(await tree(t, `limit=${limit}`))).toEqual(names((await get('').expect(200)).body.items));
    if (limit === 3) {
      // The second page starts inside A1: A and A1 are repeated as stubs.
      expect(pages[1].items[0]).toMatchObject({ id: ids.a, continued: true });
      expect(pages[1].items[0].children![0]).toEqual({
        id: ids.a1,
        type: 'folder',
        name: 'A1',
        continued: true,
        children: [{ id: ids.a1x, type: 'rule', name: 'x' }],
      });
    }
  });

  it('bounds the depth and starts at a folder', async () => {
    const shallow = (await get('depth=1').expect(200)).body.items as TreeNode[];
    expect(shallow.map((n) => n.name)).toEqual(['A', 'B', 'Top']);
    expect(shallow.every((n) => n.children === undefined)).toBe(true);
    const a = (await get(`folderId=${ids.a}&depth=1`).expect(200)).body.items as TreeNode[];
    expect(names(a)).toEqual(['A1', 'A2', 'z', 'r']);
    expect(names((await get(`folderId=${ids.a}`).expect(200)).body.items)).toEqual([['A1', ['y', 'x']], ['A2', []], 'z', 'r']);
  });

  it('walks one state: what is committed between pages does not show in them', async () => {
    const first = (await get('limit=2').expect(200)).body;
    const late = (await t.admin().post('/api/items').send({ type: 'rule', name: 'aaa', folderId: ids.a1 }).expect(201)).body.id;
    try {
      const rest = await tree(t, 'limit=2');
      expect(JSON.stringify(rest)).toContain(late);
      const second = (await get(`limit=2&cursor=${encodeURIComponent(first.nextCursor)}`).expect(200)).body;
      expect(JSON.stringify(second)).not.toContain(late);
    } finally {
      await t.admin().delete(`/api/items/${late}`).expect(204);
    }
  });

  it('refuses a cursor of another request, a broken cursor, and a folder that is not one', async () => {
    const { nextCursor } = (await get('limit=2').expect(200)).body;
    expect((await get(`limit=2&depth=1&cursor=${encodeURIComponent(nextCursor)}`).expect(400)).body.detail).toMatch(/another tree request/);
    expect((await get('cursor=bm90LWpzb24').expect(400)).body.code).toBe('VALIDATION_FAILED');
    await get(`folderId=${ids.top}`).expect(404);
    await get('depth=101').expect(400);
    await get('limit=501').expect(400);
  });
});
