import { requestJson } from './http-client';
import { watchMemory } from './memory-monitor';
import { PhaseResult, brief, elapsed, fail, missing } from './phase-result';
import { BENCH_ADMIN_TOKEN, RunningService } from './service';

interface TreeNode {
  continued?: true;
  children?: TreeNode[];
}

/**
 * Issue 24: reads whose answers could grow with the repository, each timed and watched — the
 * tree's first page and every page of it, a page of items, a page of changes, an item's history,
 * a page of a restore's outcomes. None may need memory that grows with the repository.
 */
export async function readPhases(service: RunningService, items: number): Promise<PhaseResult[]> {
  const someItem = await firstItemId(service);
  const lastRestore = await latestRestoreId(service);
  return [
    await treePhases(service, 'tree', '', items),
    await pagePhase(service, 'a page of 500 items', '/api/items?limit=500', 500),
    await pagePhase(service, 'a page of 500 changes since the empty repository', '/api/changes?from=0&limit=500', 500),
    await pagePhase(service, "a page of 500 of the full restore's outcomes", `/api/restores/${lastRestore}/items?limit=500`, 500),
    await historyPhase(service, someItem),
  ].flat();
}

/**
 * `GET /api/tree?<moment>`: the first page (what a client waits for) and every page (the items of
 * the repository then, counted; a page repeats the folders it continues, counted once).
 */
export async function treePhases(service: RunningService, label: string, moment: string, expected: number): Promise<PhaseResult[]> {
  const url = (cursor: string | null) =>
    `${service.baseUrl}/api/tree?limit=500${moment ? `&${moment}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  const count = (nodes: TreeNode[]): number => nodes.reduce((n, node) => n + (node.continued ? 0 : 1) + count(node.children ?? []), 0);

  let started = process.hrtime.bigint();
  const first = await watchMemory(service.pid, () => requestJson(url(null), BENCH_ADMIN_TOKEN));
  const firstPage: PhaseResult = { phase: `${label}, first page`, status: 'ok', ms: elapsed(started), items: 0, bytes: 0, memory: first.memory, notes: [] };
  if (first.result.status !== 200) return [answered(firstPage, 'GET /api/tree', first.result.status, first.result.body)];
  const page = first.result.body as { items: TreeNode[]; nextCursor: string | null };
  firstPage.items = count(page.items);
  firstPage.detail = `${firstPage.items} nodes`;
  if (firstPage.items !== Math.min(500, expected)) fail(firstPage, `the first page holds ${firstPage.items} nodes, expected ${Math.min(500, expected)}`);

  started = process.hrtime.bigint();
  let nodes = 0;
  let pages = 0;
  let refused: Awaited<ReturnType<typeof requestJson>> | null = null;
  const walk = async () => {
    for (let cursor: string | null = null; pages === 0 || cursor !== null; pages++) {
      const res = await requestJson(url(cursor), BENCH_ADMIN_TOKEN);
      if (res.status !== 200) return (refused = res);
      const body = res.body as { items: TreeNode[]; nextCursor: string | null };
      nodes += count(body.items);
      cursor = body.nextCursor;
    }
    return null;
  };
  const { memory } = await watchMemory(service.pid, walk);
  const everyPage: PhaseResult = { phase: `${label}, every page`, status: 'ok', ms: elapsed(started), items: nodes, bytes: 0, memory, notes: [] };
  const failed = refused as Awaited<ReturnType<typeof requestJson>> | null;
  if (failed) return [firstPage, answered(everyPage, 'GET /api/tree', failed.status, failed.body)];
  everyPage.detail = `${nodes.toLocaleString('en-US')} nodes in ${pages.toLocaleString('en-US')} pages`;
  if (nodes !== expected) fail(everyPage, `the tree holds ${nodes} nodes, expected ${expected}`);
  return [firstPage, everyPage];
}

/** One page of a list: `items` of it, at most `limit`, timed and watched. */
async function pagePhase(service: RunningService, phase: string, path: string, limit: number): Promise<PhaseResult> {
  const started = process.hrtime.bigint();
  const { result: res, memory } = await watchMemory(service.pid, () => requestJson(`${service.baseUrl}${path}`, BENCH_ADMIN_TOKEN));
  const result: PhaseResult = { phase, status: 'ok', ms: elapsed(started), items: 0, bytes: 0, memory, notes: [] };
  if (res.status !== 200) return answered(result, `GET ${path}`, res.status, res.body);
  const body = res.body as { items?: unknown[]; nextCursor?: unknown };
  result.items = body.items?.length ?? 0;
  result.detail = `${result.items} entries${body.nextCursor ? ', more to come' : ''}`;
  if (result.items === 0 || result.items > limit) fail(result, `the page holds ${result.items} entries, expected 1–${limit}`);
  return result;
}

async function historyPhase(service: RunningService, id: string): Promise<PhaseResult> {
  const started = process.hrtime.bigint();
  const { result: res, memory } = await watchMemory(service.pid, () => requestJson(`${service.baseUrl}/api/items/${id}/history`, BENCH_ADMIN_TOKEN));
  const result: PhaseResult = { phase: "an item's history", status: 'ok', ms: elapsed(started), items: 0, bytes: 0, memory, notes: [] };
  if (res.status !== 200) return answered(result, `GET /api/items/${id}/history`, res.status, res.body);
  result.items = Array.isArray(res.body) ? res.body.length : 0;
  result.detail = `${result.items} entries`;
  if (result.items === 0) fail(result, 'the history is empty');
  return result;
}

async function firstItemId(service: RunningService): Promise<string> {
  const res = await requestJson(`${service.baseUrl}/api/items?limit=1&type=rule`, BENCH_ADMIN_TOKEN);
  const id = (res.body as { items?: { id: string }[] }).items?.[0]?.id;
  if (res.status !== 200 || !id) throw new Error(`GET /api/items answered ${res.status}: ${brief(res.body)}`);
  return id;
}

async function latestRestoreId(service: RunningService): Promise<string> {
  const res = await requestJson(`${service.baseUrl}/api/restores?limit=1`, BENCH_ADMIN_TOKEN);
  const id = (res.body as { items?: { id: string }[] }).items?.[0]?.id;
  if (res.status !== 200 || !id) throw new Error(`GET /api/restores answered ${res.status}: ${brief(res.body)}`);
  return id;
}

export function answered(result: PhaseResult, request: string, status: number, body: unknown): PhaseResult {
  if (missing(status)) return { ...result, status: 'not available', notes: [`${request} answered ${status}`] };
  fail(result, `${request} answered ${status}: ${brief(body)}`);
  return result;
}
