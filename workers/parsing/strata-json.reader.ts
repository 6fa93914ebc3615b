import { createReadStream } from 'node:fs';
import { InvalidBackupError, ParsedHeader, ParsedItem } from './parsed-item';
import { Limits, readGeneral } from './strata-json.general';
import { hasMoreBracketsThan, textNestsDeeperThan } from '../../src/common/json-text-nesting';
import { isRecord, toParsedHeader, toParsedItem } from './strata-json.items';
import { FILE_NESTING_CEILING } from '../../src/repository/domain/limits';
import { TextLines } from './text-lines';

export interface StrataJsonOptions {
  /** Largest item, in characters of JSON text (default 64 Mi). */
  maxItemSize?: number;
  /**
   * Deepest nesting of arrays and objects inside an item before the whole file is refused
   * (default FILE_NESTING_CEILING); content deeper than LIMITS.contentDepth but not that deep
   * fails its item only (the planner's check).
   */
  maxDepth?: number;
}

export const DEFAULT_LIMITS: Limits = { maxItemSize: 64 * 1024 * 1024, maxDepth: FILE_NESTING_CEILING };

/** The header line of our own layout is short; a longer first line is read the general way. */
const MAX_HEADER_LINE = 64 * 1024;

export function isParsedHeader(value: ParsedHeader | ParsedItem): value is ParsedHeader {
  return !('index' in value);
}

/**
 * One of several readers of the same file, each parsing a share of the items (see
 * `readStrataJson`): the items are cut into chunks of at most `chunkSize` items or `chunkChars`
 * characters of their lines, and this reader parses chunks `index`, `index + readers`, …
 */
export interface Share {
  index: number;
  readers: number;
  chunkSize: number;
  chunkChars: number;
}

/**
 * What a sharing reader yields besides the header and its items: `chunk` — the items yielded since
 * the previous mark are chunk `chunk`; `alone` — the items yielded since the previous mark and all
 * that follow are this reader's alone (the one-item-per-line layout has ended: the rest of the
 * file is read as any JSON is, by this one reader).
 */
export type ShareMark = { chunk: number } | { alone: true };

export function isShareMark(value: ParsedHeader | ParsedItem | ShareMark): value is ShareMark {
  return 'chunk' in value || 'alone' in value;
}

/**
 * Reads a Strata JSON backup of any valid layout and key order, in bounded memory. Yields the
 * header first when `format` and `version` come before `items` (as Strata writes them), otherwise
 * after the last item (see `readStrataJsonFile` for header-first in every case); items in file
 * order. A document that is not JSON, truncated, or not a Strata backup throws InvalidBackupError.
 *
 * Fast path: our layout (SPEC §4) has the header up to `"items":[` on line 1 and one item per line,
 * so those lines go through JSON.parse. At the first line that is not one complete item (or after
 * an item without a comma, normally the last), the rest of the text goes to the general path
 * (stream-json), resumed where the fast path stopped; if line 1 is not our header, all of it does.
 */
export async function* readStrataJson(input: AsyncIterable<string | Buffer>, options: StrataJsonOptions = {}): AsyncGenerator<ParsedHeader | ParsedItem> {
  for await (const value of readItems(input, options)) if (!isShareMark(value)) yield value;
}

/**
 * `readStrataJson` by one of `share.readers` readers of the same text, each yielding only its
 * share of the items, so that they can be parsed on as many threads; what all of them yield, taken
 * chunk by chunk in order (see ShareMark), is what `readStrataJson` yields, header aside (reader 0
 * yields it). Every reader goes through every line, but parses only the lines of its own chunks,
 * counting each other line as an item: only the owner of a line knows whether it is one. So the
 * reader whose chunk holds the line where the one-item-per-line layout ends (normally the closing
 * `]}`) reads on alone, the others stop there, and the chunks others yielded past it are wrong and
 * must be dropped. A text whose first line is not our header yields nothing: it cannot be shared.
 */
export function readStrataJsonShare(
  input: AsyncIterable<string | Buffer>,
  share: Share,
  options: StrataJsonOptions = {},
): AsyncGenerator<ParsedHeader | ParsedItem | ShareMark> {
  return readItems(input, options, share);
}

async function* readItems(
  input: AsyncIterable<string | Buffer>,
  options: StrataJsonOptions,
  share?: Share,
): AsyncGenerator<ParsedHeader | ParsedItem | ShareMark> {
  const limits = { ...DEFAULT_LIMITS, ...options };
  const lines = new TextLines(input);
  try {
    const first = await lines.nextLine(MAX_HEADER_LINE);
    const header = first === undefined ? undefined : headerLine(first);
    if (!header) {
      if (share) return; // not our layout: see readStrataJsonFileShare
      if (first !== undefined) lines.unread(first);
      yield* readGeneral(lines.rest(), limits);
      return;
    }
    if (!share || share.index === 0) yield header;
    const chunks = share && new ChunkCutter(share);
    let index = 0;
    let afterComma = true;
    while (afterComma) {
      const line = await lines.nextLine(limits.maxItemSize);
      if (line !== undefined && isBlank(line)) continue;
      if (chunks) {
        const ended = chunks.next(line);
        if (ended !== null) yield { chunk: ended };
        if (!chunks.owned) {
          // Another reader's line: an item as far as this reader can tell, unless it ends the list.
          if (line === undefined || !trimEnd(line).endsWith(',')) return;
          index++;
          continue;
        }
      }
      if (line !== undefined && hasMoreBracketsThan(line, limits.maxDepth) && textNestsDeeperThan(line, limits.maxDepth)) {
        throw new InvalidBackupError(`Item ${index} (line ${lines.line - 1}) is nested deeper than ${limits.maxDepth} levels`);
      }
      const element = line === undefined ? undefined : itemLine(line);
      if (!element) {
        if (line !== undefined) lines.unread(line);
        break;
      }
      yield toParsedItem(element.value, index++);
      afterComma = element.comma;
    }
    if (chunks) yield { alone: true };
    yield* readGeneral(lines.rest(), limits, { line: lines.line, nextIndex: index, afterComma });
  } finally {
    await lines.close();
  }
}

/**
 * The chunks a sharing reader cuts the item lines into. A chunk that is full ends where the next
 * line (or the end of the text) comes, so every reader puts every line in the same chunk.
 */
class ChunkCutter {
  private seq = 0;
  private items = 0;
  private chars = 0;

  constructor(private readonly share: Share) {}

  /** Whether this reader parses the current chunk. */
  get owned(): boolean {
    return this.seq % this.share.readers === this.share.index;
  }

  /** Counts `line` (undefined: the end of the text) into its chunk; returns this reader's chunk that it ended, if any. */
  next(line: string | undefined): number | null {
    let ended: number | null = null;
    if (this.items >= this.share.chunkSize || this.chars >= this.share.chunkChars) {
      if (this.owned) ended = this.seq;
      this.seq++;
      this.items = 0;
      this.chars = 0;
    }
    this.items++;
    this.chars += line?.length ?? 0;
    return ended;
  }
}

/**
 * A Strata JSON backup file with the header always first: when the file has it after the items,
 * the file is read again, once for the header and once more for the items, rather than held in memory.
 */
export async function* readStrataJsonFile(
  filePath: string,
  options: StrataJsonOptions = {},
  open: (filePath: string) => NodeJS.ReadableStream = createReadStream,
): AsyncGenerator<ParsedHeader | ParsedItem> {
  const reader = readStrataJson(open(filePath), options);
  const first = await reader.next();
  if (!first.done && isParsedHeader(first.value)) {
    yield first.value;
    yield* reader;
    return;
  }
  await reader.return(undefined);
  for await (const value of readStrataJson(open(filePath), options)) if (isParsedHeader(value)) yield value;
  for await (const value of readStrataJson(open(filePath), options)) if (!isParsedHeader(value)) yield value;
}

/**
 * `readStrataJsonFile` by one of `share.readers` readers of the file (see readStrataJsonShare). A
 * file that is not in our layout is read by reader 0 alone, from its start; the others yield nothing.
 */
export async function* readStrataJsonFileShare(
  filePath: string,
  share: Share,
  open: (filePath: string) => NodeJS.ReadableStream = createReadStream,
): AsyncGenerator<ParsedHeader | ParsedItem | ShareMark> {
  const reader = readStrataJsonShare(open(filePath), share);
  if (share.index !== 0) {
    yield* reader;
    return;
  }
  const first = await reader.next(); // reader 0 yields the header first, unless the layout is not ours
  if (!first.done) {
    yield first.value;
    yield* reader;
    return;
  }
  yield { alone: true };
  yield* readStrataJsonFile(filePath, {}, open);
}

/** Line 1 of our layout: the header object up to `"items":[`, with `format` and `version`. */
function headerLine(line: string): ParsedHeader | undefined {
  const body = trimEnd(line);
  // Inside a string `"items":` needs an escaped quote before it: counting it errs only towards
  // the general path. The key must occur once and open the array at the end of the line.
  if (!/"items"[ \t\r]*:[ \t\r]*\[$/.test(body.slice(-32)) || body.match(/"items"[ \t\r]*:/g)?.length !== 1) return undefined;
  let fields: unknown;
  try {
    fields = JSON.parse(`${body}]}`);
  } catch {
    return undefined;
  }
  if (!isRecord(fields) || Object.keys(fields).at(-1) !== 'items' || fields.format === undefined || fields.version === undefined) {
    return undefined;
  }
  return toParsedHeader(fields);
}

/** A line holding exactly one element of `items`, followed by a comma or not. */
function itemLine(line: string): { value: unknown; comma: boolean } | undefined {
  const body = trimEnd(line);
  const comma = body.endsWith(',');
  try {
    return { value: JSON.parse(comma ? body.slice(0, -1) : body), comma };
  } catch {
    return undefined;
  }
}

function isBlank(line: string): boolean {
  return trimEnd(line) === '';
}

/** Without trailing JSON whitespace (a loop: a regex anchored at the end can backtrack badly). */
function trimEnd(line: string): string {
  let end = line.length;
  while (end > 0 && ' \t\r'.includes(line[end - 1])) end--;
  return end === line.length ? line : line.slice(0, end);
}
