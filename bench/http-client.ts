import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Small node:http helpers for the bench: nothing here holds a file or a backup in memory. */

export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface StreamedResponse {
  status: number;
  bytes: number;
  /** Line breaks seen (a Strata JSON backup has one item per line, plus the header and `]}`). */
  lines: number;
  /** The start of the body, kept for error messages. */
  head: string;
}

export async function requestJson(url: string, token: string | null, method = 'GET', body?: unknown): Promise<JsonResponse> {
  const res = body === undefined ? await send(url, method, headers(token)) : await send(url, method, ...jsonBody(token, body));
  return { status: res.statusCode ?? 0, body: await readJson(res) };
}

/**
 * POSTs one file as multipart/form-data (field `field`), streamed from disk, and answers the
 * response parsed as JSON: for answers of bounded size.
 */
export async function postFile(url: string, token: string, field: string, file: string): Promise<JsonResponse> {
  const res = await postFileForStream(url, token, field, file);
  return { status: res.statusCode ?? 0, body: await readJson(res) };
}

/**
 * POSTs one file as multipart/form-data (field `field`), streamed from disk: the body is the
 * part's head, the file's bytes and the closing boundary, with an exact Content-Length. Answers
 * the response unread, for the caller to stream.
 */
export async function postFileForStream(url: string, token: string, field: string, file: string): Promise<http.IncomingMessage> {
  const boundary = `strata-bench-${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${path.basename(file)}"\r\n` + 'Content-Type: application/json\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + fs.statSync(file).size + tail.length;
  const body = Readable.from(
    (async function* () {
      yield head;
      yield* fs.createReadStream(file, { highWaterMark: 1 << 20 });
      yield tail;
    })(),
  );
  const contentHeaders = { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(length) };
  return send(url, 'POST', headers(token, contentHeaders), body);
}

/** Reads a whole response and parses it as JSON (its text when it is not JSON). */
export async function readJson(res: http.IncomingMessage): Promise<unknown> {
  return parseJson(await readText(res));
}

/** POSTs JSON and streams the answer into a sink that only counts bytes and lines. */
export async function postJsonToSink(url: string, token: string, body: unknown): Promise<StreamedResponse> {
  return toSink(await send(url, 'POST', ...jsonBody(token, body)));
}

/** GETs a URL and streams the answer into a sink that only counts bytes and lines. */
export async function getToSink(url: string, token: string): Promise<StreamedResponse> {
  return toSink(await send(url, 'GET', headers(token)));
}

async function toSink(res: http.IncomingMessage): Promise<StreamedResponse> {
  const out: StreamedResponse = { status: res.statusCode ?? 0, bytes: 0, lines: 0, head: '' };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out.bytes += chunk.length;
      if (out.head.length < 2000) out.head += chunk.toString('utf8', 0, Math.min(chunk.length, 2000));
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) out.lines++;
      done();
    },
  });
  await pipeline(res, sink);
  return out;
}

function headers(token: string | null, extra: Record<string, string> = {}): Record<string, string> {
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

function jsonBody(token: string | null, body: unknown): [Record<string, string>, Readable] {
  const payload = Buffer.from(JSON.stringify(body));
  return [headers(token, { 'content-type': 'application/json', 'content-length': String(payload.length) }), Readable.from([payload])];
}

function send(url: string, method: string, requestHeaders: Record<string, string>, body?: Readable): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: requestHeaders }, resolve);
    req.on('error', reject);
    if (body) pipeline(body, req).catch(reject);
    else req.end();
  });
}

async function readText(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
