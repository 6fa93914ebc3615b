import type Database from 'better-sqlite3';
import { DomainError } from '../../common/errors';
import { Page, decodeCursor, encodeCursor } from '../../common/pagination';
import { liveAt } from '../../read-model/live-at';
import type { ItemType } from '../domain/item';
import { LIMITS } from '../domain/limits';

export interface TreeNode {
  id: string;
  type: ItemType;
  name: string;
  /** A folder's entries, when the folder lies within the requested depth. */
  children?: TreeNode[];
  /** This folder appeared on an earlier page; the entries under it here follow those shown there. */
  continued?: true;
}

export interface TreeRequest {
  /** The folder whose subtree is walked (null: the root). */
  folderId: string | null;
  /** Levels below it to include (1: its own entries). */
  depth: number;
  /** Nodes per page, all levels together. */
  limit: number;
  cursor?: string;
  /** As of this position (undefined: now). */
  at?: bigint;
}

/** What a page's cursor remembers: the moment, the request, and the ids from the top to the last node shown. */
interface TreeCursor {
  p: string;
  f: string | null;
  d: number;
  n: string[];
}

interface Row {
  item_id: string;
  type: ItemType;
  name: string;
}

/** One folder being walked: its node on this page, and where its entries resume. */
interface Frame {
  folderId: string | null;
  level: number;
  children: TreeNode[];
  after: Row | null;
  pending: Row[];
  done: boolean;
}

const BATCH = 100;

/**
 * The folder tree, one bounded page at a time (SPEC §3: `folderId`, `depth` and paging bound
 * what one answer holds). Nodes come in pre-order — a folder, then its entries: folders first,
 * then items by type and name — at most `limit` of them per page, nested as a tree. A page that
 * starts inside a folder shown earlier repeats the folders above it as `continued` stubs, so
 * every page is a tree rooted at the requested folder and pages merge by id.
 *
 * Memory holds one page and, per open folder (at most `depth`), a batch of its entries. All pages
 * read the repository as of the first page's position, so a walk sees one state; while nothing
 * was committed since, they use the indexes of the current repository.
 */
export class TreePages {
  constructor(
    private readonly db: Database.Database,
    private readonly head: () => bigint,
  ) {}

  page(request: TreeRequest): Page<TreeNode> {
    const cursor = request.cursor ? this.decode(request) : null;
    const position = cursor ? BigInt(cursor.p) : (request.at ?? this.head());
    const at = position === this.head() && request.at === undefined ? undefined : position;
    if (request.folderId !== null && !this.isFolder(request.folderId, at)) throw new DomainError('NOT_FOUND', 'folder not found');

    const top: Frame = frame(request.folderId, 0, [], null);
    const stack: Frame[] = [top];
    if (cursor) this.resume(stack, cursor.n, request.depth, at);
    let shown = 0;
    let last: string[] | null = null;
    while (stack.length > 0 && shown < request.limit) {
      const current = stack[stack.length - 1];
      const row = this.next(current, request.limit - shown, at);
      if (!row) {
        stack.pop();
        continue;
      }
      const node: TreeNode = { id: row.item_id, type: row.type, name: row.name };
      current.children.push(node);
      shown++;
      if (row.type === 'folder' && current.level + 1 < request.depth) {
        node.children = [];
        stack.push(frame(row.item_id, current.level + 1, node.children, null));
      }
      last = stack.slice(1).map((f) => f.folderId as string);
      if (!node.children) last.push(row.item_id);
    }
    const more = stack.some((f) => f.pending.length > 0 || (!f.done && this.peek(f, at)));
    const next: TreeCursor | null = more && last ? { p: position.toString(), f: request.folderId, d: request.depth, n: last } : null;
    return { items: pruned(top.children), nextCursor: next ? encodeCursor(next) : null };
  }

  /**
   * Rebuilds the open folders of the previous page's last node: each folder on its path resumes
   * after the entry that leads down, shown again as a `continued` stub.
   */
  private resume(stack: Frame[], chain: string[], depth: number, at: bigint | undefined): void {
    for (const [index, id] of chain.entries()) {
      const row = this.row(id, at);
      const parent = stack[stack.length - 1];
      if (!row || (row.folder_id ?? null) !== parent.folderId) throw new DomainError('VALIDATION_FAILED', 'cursor is not valid');
      parent.after = row;
      const isLast = index === chain.length - 1;
      if (row.type === 'folder' && parent.level + 1 < depth) {
        const stub: TreeNode = { id: row.item_id, type: row.type, name: row.name, children: [], continued: true };
        parent.children.push(stub);
        stack.push(frame(row.item_id, parent.level + 1, stub.children!, null));
      } else if (!isLast) throw new DomainError('VALIDATION_FAILED', 'cursor is not valid');
    }
  }

  /** The next entry of a folder, reading a batch when its buffer is empty. */
  private next(f: Frame, budget: number, at: bigint | undefined): Row | undefined {
    if (f.pending.length === 0 && !f.done) {
      f.pending = this.entries(f.folderId, f.after, Math.min(budget, BATCH), at);
      if (f.pending.length < Math.min(budget, BATCH)) f.done = true;
    }
    const row = f.pending.shift();
    if (row) f.after = row;
    return row;
  }

  private peek(f: Frame, at: bigint | undefined): boolean {
    return this.entries(f.folderId, f.after, 1, at).length > 0;
  }

  /** Up to `limit` entries of a folder after `after`: folders by name, then items by type and name. */
  private entries(folderId: string | null, after: Row | null, limit: number, at: bigint | undefined): Row[] {
    const live = liveAt(at);
    const folders = `SELECT item_id, type, name FROM item_versions WHERE folder_id IS @folder AND ${live} AND type = 'folder'`;
    const items = `SELECT item_id, type, name FROM item_versions WHERE folder_id IS @folder AND ${live} AND type <> 'folder'`;
    const rows: Row[] = [];
    if (!after || after.type === 'folder') {
      const keyset = after ? 'AND (name, item_id) > (@name, @id)' : '';
      rows.push(...(this.db.prepare(`${folders} ${keyset} ORDER BY name, item_id LIMIT @limit`).all({ ...key(folderId, after), limit }) as Row[]));
    }
    if (rows.length < limit) {
      const keyset = after && after.type !== 'folder' ? 'AND (type, name, item_id) > (@type, @name, @id)' : '';
      const more = this.db.prepare(`${items} ${keyset} ORDER BY type, name, item_id LIMIT @limit`).all({ ...key(folderId, after), limit: limit - rows.length });
      rows.push(...(more as Row[]));
    }
    return rows;
  }

  private row(id: string, at: bigint | undefined): (Row & { folder_id: string | null }) | undefined {
    return this.db.prepare(`SELECT item_id, type, name, folder_id FROM item_versions WHERE item_id = ? AND ${liveAt(at)}`).get(id) as
      (Row & { folder_id: string | null }) | undefined;
  }

  private isFolder(id: string, at: bigint | undefined): boolean {
    return this.row(id, at)?.type === 'folder';
  }

  private decode(request: TreeRequest): TreeCursor {
    const c = decodeCursor<TreeCursor>(request.cursor!);
    const valid =
      !!c &&
      typeof c.p === 'string' &&
      /^\d{1,18}$/.test(c.p) &&
      Array.isArray(c.n) &&
      c.n.length > 0 &&
      c.n.length <= LIMITS.folderDepth + 1 &&
      c.n.every((id) => typeof id === 'string');
    if (!valid) throw new DomainError('VALIDATION_FAILED', 'cursor is not valid');
    if (c.f !== request.folderId || c.d !== request.depth || (request.at !== undefined && BigInt(c.p) !== request.at)) {
      throw new DomainError('VALIDATION_FAILED', 'cursor belongs to another tree request (folderId, depth, asOf must stay the same)');
    }
    return c;
  }
}

function frame(folderId: string | null, level: number, children: TreeNode[], after: Row | null): Frame {
  return { folderId, level, children, after, pending: [], done: false };
}

function key(folderId: string | null, after: Row | null) {
  return { folder: folderId, type: after?.type ?? null, name: after?.name ?? null, id: after?.item_id ?? null };
}

/** The nodes without `continued` stubs under which this page shows nothing. */
function pruned(nodes: TreeNode[]): TreeNode[] {
  return nodes.filter((node) => {
    if (!node.continued) return true;
    node.children = pruned(node.children ?? []);
    return node.children.length > 0;
  });
}
