import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { Command } from 'commander';
import { connectionFor } from './connection';
import { CliError } from './errors';
import { trace } from './output';
import { describeTarget, downloadFailure, targetOf, writeTo } from './target';

export { CliError } from './errors';

/** A client for the connection the options, environment and config file give (see connectionFor). */
export function clientFor(command: Command): StrataClient {
  const { url, token } = connectionFor(command);
  return new StrataClient(url, token);
}

/** The REST API over fetch: JSON calls, streamed downloads and streamed multipart uploads. */
export class StrataClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async json<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
    const res = await this.request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as T;
  }

  /** Every page of a paged list (`{items, nextCursor}`), in order. */
  async *pages<T>(url: string, query: Record<string, string | undefined>): AsyncGenerator<T> {
    let cursor: string | undefined;
    do {
      const page = await this.json<{ items: T[]; nextCursor: string | null }>('GET', withQuery(url, { ...query, limit: '500', cursor }));
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /**
   * Streams a response body to `file` (`-`: standard output; undefined: the file name the server
   * gives in Content-Disposition); see `targetOf` for devices, FIFOs and symlinks.
   */
  async download(url: string, init: RequestInit, file?: string): Promise<{ file: string; bytes: number }> {
    const res = await this.request(url, init);
    const name = file ?? attachmentName(res.headers.get('content-disposition'));
    const target = targetOf(name);
    try {
      const bytes = await writeTo(target, Readable.fromWeb(res.body as ReadableStream<Uint8Array>));
      return { file: describeTarget(target, name), bytes };
    } catch (error) {
      throw downloadFailure(name, error);
    }
  }

  /**
   * Sends files as multipart/form-data, read as the request goes (`-`: standard input, named
   * "stdin"): never held in memory.
   */
  upload(url: string, field: string, files: string[], headers: Record<string, string> = {}, onBytes?: (n: number) => void): Promise<Response> {
    const boundary = `strata-${randomUUID()}`;
    return this.request(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: multipartBody(field, files, boundary, onBytes),
      duplex: 'half',
      // Otherwise fetch keeps every chunk sent, to replay the body on a 307/308 (nodejs/undici#4058).
      redirect: 'error',
    } as RequestInit);
  }

  /** fetch with the token; a refused connection or a non-2xx answer becomes a CliError. */
  async request(url: string, init: RequestInit): Promise<Response> {
    const headers = { ...(init.headers as Record<string, string>), Authorization: `Bearer ${this.token}` };
    const target = new URL(url, this.baseUrl);
    const started = Date.now();
    trace(`${init.method ?? 'GET'} ${target.href}`);
    let res: Response;
    try {
      res = await fetch(target, { ...init, headers });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      throw new CliError(`cannot reach ${this.baseUrl}: ${cause?.message ?? (error as Error).message}`);
    }
    trace(`${res.status} ${res.statusText} in ${Date.now() - started} ms`);
    if (!res.ok) {
      const { detail, problem } = await problemOf(res);
      throw new CliError(`${res.status} ${res.statusText}: ${detail}`, res.status, problem);
    }
    return res;
  }
}

export function withQuery(url: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
  return params.size > 0 ? `${url}?${params}` : url;
}

/** The files' sizes, checked before anything is sent (`-`, standard input: size unknown, null). */
export function fileSizes(files: string[]): (number | null)[] {
  if (files.filter((f) => f === '-').length > 1) throw new CliError('standard input (-) can be given once');
  return files.map((file) => {
    if (file === '-') return null;
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      return stat.size;
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
    }
  });
}

/** The name a file is uploaded under (the server records it). */
export const uploadName = (file: string) => (file === '-' ? 'stdin' : path.basename(file));

async function* multipartBody(field: string, files: string[], boundary: string, onBytes?: (n: number) => void): AsyncGenerator<Uint8Array> {
  for (const file of files) {
    const disposition = `form-data; name="${field}"; ${filenameParams(uploadName(file))}`;
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`);
    for await (const chunk of file === '-' ? process.stdin : fs.createReadStream(file)) {
      onBytes?.((chunk as Buffer).length);
      yield chunk as Buffer;
    }
    yield Buffer.from('\r\n');
  }
  yield Buffer.from(`--${boundary}--\r\n`);
}

/** `filename="…"`, plus RFC 5987 `filename*` for names beyond ASCII. */
function filenameParams(name: string): string {
  const plain = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return plain === name ? `filename="${plain}"` : `filename="${plain}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function attachmentName(disposition: string | null): string {
  const name = /filename="([^"]+)"/.exec(disposition ?? '')?.[1];
  if (!name) throw new CliError('the server named no file: pass -o FILE');
  return path.basename(name);
}

/** The problem+json `detail` (SPEC §9) and its field errors, or whatever text the server sent. */
async function problemOf(res: Response): Promise<{ detail: string; problem?: Record<string, unknown> }> {
  const text = await res.text();
  try {
    const problem = JSON.parse(text) as { detail?: string; title?: string; errors?: { field?: string; message: string }[] };
    const errors = (problem.errors ?? []).filter((e) => e.field).map((e) => `${e.field}: ${e.message}`);
    return { detail: [problem.detail ?? problem.title ?? text, ...errors].join('; '), problem };
  } catch {
    return { detail: text || 'no details' };
  }
}
