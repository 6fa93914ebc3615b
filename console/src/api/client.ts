import { getToken } from '../auth/session';

/** An API error: the problem+json `detail` is the message the console shows. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly problem?: Record<string, unknown>,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  token?: string;
}

/** Listeners told when the token stops working (401), so the console can sign out. */
const unauthenticated = new Set<() => void>();
export const onUnauthenticated = (listener: () => void) => {
  unauthenticated.add(listener);
  return () => unauthenticated.delete(listener);
};

export function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function authHeaders(token = getToken()): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** fetch with the bearer token; a non-2xx answer becomes an ApiError carrying the problem's detail. */
export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(options.token), ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let res: Response;
  try {
    res = await fetch(url(path, options.query), { method, headers, body });
  } catch {
    throw new ApiError(0, 'The service cannot be reached. Check that Strata is running, then try again.');
  }
  if (!res.ok) throw await problemOf(res, !options.token);
  return res;
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, options);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });

/** Turns an error response into an ApiError (problem+json `detail`, or the status text). */
export async function problemOf(res: Response, signOutOn401 = true): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let problem: Record<string, unknown> | undefined;
  try {
    problem = JSON.parse(text) as Record<string, unknown>;
  } catch {
    problem = undefined;
  }
  const detail = typeof problem?.detail === 'string' ? problem.detail : `${res.status} ${res.statusText || 'error'}`;
  if (res.status === 401 && signOutOn401) unauthenticated.forEach((listener) => listener());
  return new ApiError(res.status, detail, typeof problem?.code === 'string' ? problem.code : undefined, problem);
}

/** Every page of a list, up to `max` entries. */
export async function allPages<T>(path: string, query: Query = {}, max = 10_000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await get<{ items: T[]; nextCursor: string | null }>(path, { ...query, limit: 500, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
