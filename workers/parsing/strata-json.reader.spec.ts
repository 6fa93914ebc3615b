import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BackupHeader, BackupItem } from '../../src/backup/backup-item';
import { strataJsonChunks } from '../../src/backup/writers/json-backup.writer';
import { InvalidBackupError, ParsedHeader, ParsedItem } from './parsed-item';
import {
  isParsedHeader,
  isShareMark,
  readStrataJson,
  readStrataJsonFile,
  readStrataJsonFileShare,
  readStrataJsonShare,
  ShareMark,
  StrataJsonOptions,
} from './strata-json.reader';

// Counts the tokens the general path (stream-json) produces, to tell which path read a document.
let generalTokens = 0;
jest.mock('./stream-json.stages', () => {
  const actual = jest.requireActual('./stream-json.stages');
  return {
    ...actual,
    jsonTokenizer: () => {
      const tokenize = actual.jsonTokenizer();
      return async function* (text: unknown) {
        for await (const token of tokenize(text)) {
          generalTokens++;
          yield token;
        }
      };
    },
  };
});

const header: BackupHeader = { scope: 'items', createdAt: '2026-11-26T10:00:00.000Z', createdBy: 'alice', position: '1234' };
const parsedHeader: ParsedHeader = { format: 'strata-json', ...header };

function item(n: number, content: Record<string, unknown> = { rootTerm: { kind: 'Check', attributes: { template_id: `t-${n}` } } }): BackupItem {
  return {
    id: `id-${n}`,
    type: 'rule',
    name: `Rule ${n} — “quoted” \u2028 \\ /`,
    folderPath: '/Standard/Checks',
    description: 'line one\nline two',
    comments: '',
    createdBy: '1Spatial',
    createdAt: '2017-01-03T01:13:12.000Z',
    lastEditedBy: 'alice',
    lastEditedAt: '2026-11-26T10:00:00.000Z',
    content,
  };
}

const tricky = { n: [0, -0, 1e21, 1.5e-7, -12], s: '\ud83d\ude00 \u0000 \t', nested: [[[{}]], []], __proto__: { polluted: true }, ok: null };
const ITEMS = [item(0), item(1, JSON.parse(JSON.stringify(tricky))), item(2, {}), item(3)];

const expected = (items: BackupItem[]): ParsedItem[] => items.map(({ id, ...fields }, index) => ({ index, sourceId: id, ...fields, problems: [] }));

async function ours(items: BackupItem[]): Promise<string> {
  async function* from() {
    yield* items;
  }
  let text = '';
  for await (const chunk of strataJsonChunks(header, from())) text += chunk;
  return text;
}

const document = (items: unknown[], extra: Record<string, unknown> = {}) => ({ format: 'strata-backup', version: 1, ...header, ...extra, items });
const reversed = (value: object) => Object.fromEntries(Object.entries(value).reverse());

/** The text as a stream of small Buffers, so lines and characters are split across chunks. */
async function* bytesOf(text: string): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += 777) yield bytes.subarray(at, at + 777);
}

async function read(text: string, options?: StrataJsonOptions): Promise<(ParsedHeader | ParsedItem)[]> {
  generalTokens = 0;
  const out: (ParsedHeader | ParsedItem)[] = [];
  for await (const value of readStrataJson(bytesOf(text), options)) out.push(value);
  return out;
}

async function failure(text: string, options?: StrataJsonOptions): Promise<InvalidBackupError> {
  const error = await read(text, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof InvalidBackupError)) throw new Error(`expected an InvalidBackupError, got ${String(error)}`);
  return error;
}

describe('readStrataJson', () => {
  it('reads our own layout on the fast path: header first, then the items', async () => {
    const many = Array.from({ length: 1000 }, (_, n) => item(n));
    expect(await read(await ours(many))).toEqual([parsedHeader, ...expected(many)]);
    expect(generalTokens).toBeLessThan(10); // only the closing `]}`
  });

  it('reads a pretty-printed document with reordered keys on the general path, with the same items', async () => {
    const text = JSON.stringify(document(ITEMS.map(reversed)), null, 2);
    expect(await read(text)).toEqual([parsedHeader, ...expected(ITEMS)]);
    expect(generalTokens).toBeGreaterThan(100);
  });

  it('yields the same items on both paths, for everything on one line too', async () => {
    const fast = await read(await ours(ITEMS));
    expect(await read(JSON.stringify(document(ITEMS)))).toEqual(fast);
    expect(fast.slice(1)).toEqual(expected(ITEMS));
    expect(Object.getPrototypeOf((fast[2] as ParsedItem).content)).toBe(Object.prototype);
  });

  it('hands over to the general path mid-file and keeps counting items', async () => {
    const lines = (await ours(ITEMS)).split('\n');
    lines[2] = JSON.stringify(JSON.parse(lines[2].slice(0, -1)), null, 1) + ',';
    expect(await read(lines.join('\r\n'))).toEqual([parsedHeader, ...expected(ITEMS)]);
  });

  it('yields the header last when it comes after the items; readStrataJsonFile puts it first', async () => {
    const text = JSON.stringify(reversed(document(ITEMS)));
    expect(await read(text)).toEqual([...expected(ITEMS), parsedHeader]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'strata-json-')), 'late-header.json');
    writeFileSync(file, text);
    const out: (ParsedHeader | ParsedItem)[] = [];
    for await (const value of readStrataJsonFile(file)) out.push(value);
    expect(out).toEqual([parsedHeader, ...expected(ITEMS)]);
    expect(out.filter(isParsedHeader)).toHaveLength(1);
  });

  it('reads a backup with no items in either layout', async () => {
    expect(await read(await ours([]))).toEqual([parsedHeader]);
    expect(await read('\uFEFF{ "version": 1, "items": [ ], "format": "strata-backup" }')).toEqual([{ format: 'strata-json' }]);
  });

  it('reports per-item problems and still yields the item', async () => {
    const text = JSON.stringify(document([{ id: 'a', name: 7, content: 'x', description: null }, 7]));
    const [, first, second] = (await read(text)) as ParsedItem[];
    expect(first).toMatchObject({ index: 0, sourceId: 'a', name: '', description: '', folderPath: '/', content: {} });
    expect(first.problems.map((p) => p.message)).toEqual(['"name" must be a string, found 7', '"content" must be a JSON object, found "x"']);
    expect(second).toMatchObject({ index: 1, sourceId: '', problems: [{ code: 'INVALID_ITEM' }] });
  });

  it('refuses truncated JSON, saying where it stopped', async () => {
    const endOf = (text: string) => {
      const lines = text.split('\n');
      return `The JSON ends unexpectedly at line ${lines.length}, column ${lines.at(-1)!.length + 1}: the file is truncated or incomplete`;
    };
    for (const text of [(await ours(ITEMS)).slice(0, -200), JSON.stringify(document(ITEMS), null, 2).slice(0, 300), '']) {
      const error = await failure(text);
      expect(error.code).toBe('INVALID_BACKUP');
      expect(error.message).toBe(endOf(text));
    }
  });

  it('refuses text that is not JSON, with the line and column', async () => {
    const error = await failure('{"format":"strata-backup",\n  "version": 1,\n  "items": [oops]}');
    expect(error.message).toBe('Not valid JSON at line 3, column 13: expected a value');
    const text = (await ours(ITEMS)).replace('\n]}', '\nx]}');
    expect((await failure(text)).message).toBe("Not valid JSON at line 6, column 1: expected ','");
  });

  it.each([
    ['another format', '{"format":"other","version":1,"items":[]}', /"format" is "other"/],
    ['another version', '{"format":"strata-backup","version":2,"items":[\n]}', /version 2/],
    ['no format', '{"items":[],"version":1}', /no "format"/],
    ['package.json', '{"name":"strata","version":"0.1.0","private":true,"dependencies":{"a":"^1"}}', /^Not a Strata backup: the JSON document has no "format"/],
    ['a version before another format', '{"version":"0.1.0","format":"other","items":[]}', /"format" is "other"/],
    ['a JSON array', '[{"format":"strata-backup"}]', /not an object/],
  ])('refuses JSON that is not a Strata backup (%s) as UNSUPPORTED_FORMAT', async (_, text, message) => {
    const error = await failure(text);
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toMatch(message);
  });

  it('refuses a backup without an items array', async () => {
    expect((await failure('{"format":"strata-backup","version":1}')).message).toMatch(/no "items"/);
    expect((await failure('{"format":"strata-backup","version":1,"items":{}}')).message).toMatch(/must be an array/);
  });

  it('refuses deeply nested items on both paths without overflowing the stack', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const fast = (await ours([item(0, { deep: 'DEEP' }), item(1)])).replace('"DEEP"', deep);
    expect((await failure(fast)).message).toBe('Item 0 (line 2) is nested deeper than 512 levels');
    const general = JSON.stringify(document([item(0, { deep: 'DEEP' })]), null, 1).replace('"DEEP"', deep);
    expect((await failure(general)).message).toBe('Item 0 is nested deeper than 512 levels');
    const fine = JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`);
    for (const text of [await ours([item(0, { fine })]), JSON.stringify(document([item(0, { fine })]))]) {
      expect(await read(text)).toHaveLength(2);
    }
  });

  it('refuses an item larger than maxItemSize on both paths', async () => {
    const big = [item(0), item(1, { text: 'x'.repeat(5000) })];
    const options = { maxItemSize: 2000 };
    expect((await failure(await ours(big), options)).message).toMatch(/^Item 1 is larger than the limit of 2000 characters/);
    expect((await failure(JSON.stringify(document(big), null, 2), options)).message).toMatch(/^Item 1 is larger/);
    expect(await read(await ours([item(0), item(1)]), options)).toHaveLength(3);
  });
});

type Shared = ParsedHeader | ParsedItem | ShareMark;

/** All a reader yields before it ends, and the error it ends with, if any. */
async function drain(values: AsyncIterable<Shared>): Promise<{ values: Shared[]; error?: unknown }> {
  const out: Shared[] = [];
  try {
    for await (const value of values) out.push(value);
    return { values: out };
  } catch (error) {
    return { values: out, error };
  }
}

/**
 * What `readers` sharing readers of `text` yield, merged as the main thread merges the chunks of
 * parse workers (BackupParserPool.parse): chunk 0 from reader 0, chunk 1 from reader 1… until one
 * reads alone, then all it yields; a reader's error surfaces where the merge reaches it.
 */
async function readShared(text: string, readers: number, chunkSize: number, options?: StrataJsonOptions): Promise<(ParsedHeader | ParsedItem)[]> {
  const outputs = await Promise.all(
    Array.from({ length: readers }, (_, index) => drain(readStrataJsonShare(bytesOf(text), { index, readers, chunkSize, chunkChars: 1 << 30 }, options))),
  );
  const taken = outputs.map(() => 0);
  const merged: (ParsedHeader | ParsedItem)[] = [];
  let expected = 0;
  let alone: number | null = null;
  for (;;) {
    const reader: number = alone ?? expected % readers;
    const { values, error } = outputs[reader];
    if (taken[reader] === values.length) {
      if (error) throw error;
      if (alone === null) throw new Error(`reader ${reader} stopped before chunk ${expected}`);
      return merged;
    }
    const value = values[taken[reader]++];
    if (!isShareMark(value)) merged.push(value);
    else if ('alone' in value) alone = reader;
    else expect(value.chunk).toBe(expected++);
  }
}

async function sameError(read: Promise<unknown>, expected: Promise<unknown>): Promise<void> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidBackupError);
  expect(error).toEqual(
    await expected.then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
}

describe('readStrataJsonShare', () => {
  const many = Array.from({ length: 100 }, (_, n) => item(n));

  it.each([
    [2, 1],
    [2, 7],
    [2, 50], // the closing line starts chunk 2, reader 0's
    [2, 100], // … chunk 1, reader 1's
    [2, 1000],
    [3, 9],
  ])('yields, merged chunk by chunk, what readStrataJson yields (%i readers, chunks of %i items)', async (readers, chunkSize) => {
    const text = await ours(many);
    expect(await readShared(text, readers, chunkSize)).toEqual(await read(text));
  });

  it('parses only its own chunks', async () => {
    const text = await ours(many);
    const { values } = await drain(readStrataJsonShare(bytesOf(text), { index: 1, readers: 2, chunkSize: 10, chunkChars: 1 << 30 }));
    const indexes = values.filter((v): v is ParsedItem => !isShareMark(v) && !isParsedHeader(v)).map((v) => v.index);
    expect(indexes).toEqual(many.map((_, n) => n).filter((n) => Math.floor(n / 10) % 2 === 1));
    // Chunk 9 holds the last item: its reader reads the rest (the closing `]}`) alone.
    expect(values.filter(isShareMark)).toEqual([...[1, 3, 5, 7].map((chunk) => ({ chunk })), { alone: true }]);
  });

  it('cuts chunks by the characters of their lines too', async () => {
    const text = await ours(many);
    const lineLength = text.split('\n')[1].length;
    const { values } = await drain(readStrataJsonShare(bytesOf(text), { index: 0, readers: 2, chunkSize: 1000, chunkChars: lineLength * 3 }));
    const marks = values.filter(isShareMark);
    expect(marks[0]).toEqual({ chunk: 0 });
    expect(values.indexOf(marks[0])).toBe(1 + 3); // the header, then three items
  });

  it('hands over to the general path where the layout ends, whichever reader finds it', async () => {
    for (const at of [1, 2, 3, 4]) {
      const lines = (await ours(ITEMS)).split('\n');
      lines[at] = JSON.stringify(JSON.parse(lines[at].replace(/,$/, '')), null, 1) + (at < 4 ? ',' : '');
      const text = lines.join('\n');
      for (const chunkSize of [1, 2, 3]) expect(await readShared(text, 2, chunkSize)).toEqual([parsedHeader, ...expected(ITEMS)]);
    }
  });

  it('fails where readStrataJson fails', async () => {
    const deep = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    const texts = [
      (await ours(many)).slice(0, -3000), // truncated
      (await ours(many)).replace('\n]}', '\nx]}'),
      (await ours([item(0), item(1, { deep: 'DEEP' }), item(2)])).replace('"DEEP"', deep),
    ];
    for (const text of texts) for (const chunkSize of [1, 2, 5]) await sameError(readShared(text, 2, chunkSize), read(text));
    const big = await ours([item(0), item(1), item(2, { text: 'x'.repeat(5000) }), item(3)]);
    await sameError(readShared(big, 2, 1, { maxItemSize: 2000 }), read(big, { maxItemSize: 2000 }));
  });

  it('leaves a file in another layout to reader 0, from its start', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'strata-json-')), 'pretty.json');
    writeFileSync(file, JSON.stringify(reversed(document(ITEMS)), null, 2));
    const share = { readers: 2, chunkSize: 1, chunkChars: 1 << 30 };
    expect((await drain(readStrataJsonFileShare(file, { ...share, index: 1 }))).values).toEqual([]);
    const { values } = await drain(readStrataJsonFileShare(file, { ...share, index: 0 }));
    expect(values).toEqual([{ alone: true }, parsedHeader, ...expected(ITEMS)]);
  });
});
