import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Response } from 'supertest';
import type { TestApp } from './test-app';

export const LEGACY_XML = path.join(__dirname, '../fixtures/1integrate/legacy-xml');

/** One part of a restore request: a fixture path, or bytes under a file name. */
export type Upload = string | { name: string; content: string | Buffer };

/** POST /api/restores with `files` parts, as the admin. */
export function restore(t: TestApp, uploads: Upload[], query = '') {
  let req = t.admin().post(`/api/restores${query}`);
  for (const u of uploads) {
    req =
      typeof u === 'string'
        ? req.attach('files', u)
        : req.attach('files', Buffer.from(u.content), { filename: u.name, contentType: 'application/octet-stream' });
  }
  return req;
}

/** A supertest response body as text, whatever its content type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function asText(res: any, done: (err: Error | null, body: string) => void): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (body += c));
  res.on('end', () => done(null, body));
}

/** POST /api/backups; the document as text. */
export async function backupText(t: TestApp, ids: string[], format: 'json' | 'xml' = 'json'): Promise<string> {
  const res = await t.admin().post('/api/backups').send({ ids, format }).buffer(true).parse(asText);
  if (res.status !== 200) throw new Error(`backup failed: ${res.status} ${res.body}`);
  return res.body as string;
}

/** A node of GET /api/tree. */
export interface TreeNode {
  id: string;
  type: string;
  name: string;
  children?: TreeNode[];
  continued?: true;
}

/** Every page of `GET /api/tree?<query>`, merged into one tree (pages repeat the folders they continue). */
export async function tree(t: TestApp, query = ''): Promise<TreeNode[]> {
  const whole: TreeNode[] = [];
  for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
    const url = `/api/tree?${query}${cursor ? `${query ? '&' : ''}cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await t.admin().get(url).expect(200)).body as { items: TreeNode[]; nextCursor: string | null };
    mergeTree(whole, page.items);
    cursor = page.nextCursor;
  }
  return whole;
}

function mergeTree(into: TreeNode[], nodes: TreeNode[]): void {
  for (const { continued, children, ...node } of nodes) {
    let target = continued ? into.find((n) => n.id === node.id) : undefined;
    if (continued && !target) throw new Error(`page continues folder ${node.id}, which no earlier page showed`);
    if (!target) {
      target = children ? { ...node, children: [] } : node;
      into.push(target);
    }
    if (children) mergeTree(target.children!, children);
  }
}

export async function create(t: TestApp, body: Record<string, unknown>): Promise<string> {
  return (await t.admin().post('/api/items').send(body).expect(201)).body.id;
}

/** A create that also keeps the new item's id in `ids` under `key` (for the bodies of later items to name). */
export function createInto(t: TestApp, ids: Record<string, string>) {
  return async (key: string, body: Record<string, unknown>): Promise<string> => (ids[key] = await create(t, body));
}

export async function item(t: TestApp, id: string) {
  return (await t.admin().get(`/api/items/${id}`).expect(200)).body;
}

export interface ReportItem {
  file: string;
  sourceId?: string;
  sourcePath: string;
  type: string;
  status: string;
  id?: string;
  path?: string;
  reason?: string;
  warnings: string[];
}

/** The report entry of the item the file called `sourcePath` (and of `type`, when given). */
export function entry(items: ReportItem[], sourcePath: string, type?: string): ReportItem {
  const found = items.filter((i) => i.sourcePath === sourcePath && (!type || i.type === type));
  if (found.length !== 1) throw new Error(`expected one report entry for ${sourcePath}, found ${found.length}`);
  return found[0];
}

const AT = '2020-02-02T02:02:02.000Z';

/** A Strata JSON backup item as the test writes it (SPEC §4), with defaults. */
export function backupItem(fields: { type: string; name: string; folderPath?: string; id?: string; content?: unknown; [k: string]: unknown }) {
  return {
    id: randomUUID(),
    folderPath: '/',
    description: '',
    comments: '',
    createdBy: 'writer',
    createdAt: AT,
    lastEditedBy: 'writer',
    lastEditedAt: AT,
    content: {},
    ...fields,
  };
}

/** A data store's content with a password param (`pw`, holding `password`) and a file param (`data`, data.zip). */
export function passwordAndFileStore(password: string | null) {
  return {
    importCredentials: [
      { name: 'pw', datatype: 'password', value: password },
      { name: 'data', datatype: 'upload', value: 'data.zip' },
    ],
  };
}

/** A data store's content with one file param (`f`) naming `file`. */
export function fileStore(file: string) {
  return { importCredentials: [{ name: 'f', datatype: 'upload', value: file }] };
}

/** A Strata JSON backup document in the SPEC §4 layout (an item backup unless `scope` says otherwise). */
export function backupDocument(items: unknown[], scope: 'items' | 'repository' = 'items'): string {
  const head = `{"format":"strata-backup","version":1,"scope":"${scope}","createdAt":"${AT}","createdBy":"writer","position":"0","items":[`;
  return `${head}\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]}\n`;
}

/** Gives every item of a backup document a fresh id, rewriting every occurrence of the old ones. */
export function withFreshIds(doc: string): { doc: string; idOf: Map<string, string> } {
  const idOf = new Map<string, string>();
  for (const i of JSON.parse(doc).items as { id: string }[]) idOf.set(i.id, randomUUID());
  let out = doc;
  for (const [from, to] of idOf) out = out.split(from).join(to);
  return { doc: out, idOf };
}

/** Expects `res` to be the 422 INVALID_BACKUP problem (problem+json) whose detail matches `detail`. */
export function expectInvalidBackup(res: Response, detail: RegExp): void {
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 422, code: 'INVALID_BACKUP' });
  expect(res.body.detail).toMatch(detail);
}

/** Expects the latest restore `as` can see to have failed on `file`, and the service to be up still. */
export async function expectFailedRestoreOf(t: TestApp, as: ReturnType<TestApp['admin']>, file: string): Promise<void> {
  const [latest] = (await as.get('/api/restores').expect(200)).body.items;
  expect(latest).toMatchObject({ status: 'failed', files: [expect.objectContaining({ name: file })] });
  expect((await t.anonymous().get('/api/health').expect(200)).body.status).toBe('ok');
}

export async function waitForRestore(t: TestApp, location: string, attempts = 300) {
  let record = (await t.admin().get(location).expect(200)).body;
  for (let i = 0; i < attempts && record.status === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    record = (await t.admin().get(location).expect(200)).body;
  }
  return record;
}
