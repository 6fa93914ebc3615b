import { JsonValueBuilder } from './json-value.builder';
import { InvalidBackupError, ParsedHeader, ParsedItem } from './parsed-item';
import { endOfText, isJsonFault, jsonTokenizer, jsonVerifier, JsonToken } from './stream-json.stages';
import { checkHeaderField, HEADER_KEYS, toParsedHeader, toParsedItem } from './strata-json.items';
import { TextPosition } from './text-position';

export interface Limits {
  /** Largest item (or header value), in characters of JSON text. */
  maxItemSize: number;
  /** Deepest nesting inside an item. */
  maxDepth: number;
}

/**
 * Where the fast path handed over: inside `items` at the start of line `line`, after `nextIndex`
 * items, the last of them followed by a comma or not.
 */
export interface Resume {
  line: number;
  nextIndex: number;
  afterComma: boolean;
}

/** Where the text starts: the parser is put in the resumed state by a prefix that is not in the file. */
interface Start {
  prefix: string;
  line: number;
  nextIndex: number;
  /** The prefix holds a placeholder element (`[]`, self-delimiting) that is not an item. */
  placeholder: boolean;
  /** Resumed: the header is yielded and `items` is open. */
  resumed: boolean;
}

function startOf(resume: Resume | undefined): Start {
  if (!resume) return { prefix: '', line: 1, nextIndex: 0, placeholder: false, resumed: false };
  const placeholder = resume.nextIndex > 0;
  const prefix = `{"items":[${placeholder ? '[]' : ''}${placeholder && resume.afterComma ? ',' : ''}`;
  return { prefix, line: resume.line, nextIndex: resume.nextIndex, placeholder, resumed: true };
}

const SLICE = 64 * 1024;

/**
 * Reads any JSON layout with stream-json: the verifier runs ahead of the parser on each slice of
 * text, so a fault is reported with its line and column. Items are built one at a time; the
 * header is yielded when `items` opens if `format` and `version` came before it, else last.
 */
export async function* readGeneral(text: AsyncIterable<string>, limits: Limits, resume?: Resume): AsyncGenerator<ParsedHeader | ParsedItem> {
  const start = startOf(resume);
  const verify = jsonVerifier();
  const tokenize = jsonTokenizer();
  const document = new StrataDocument(start, limits);
  const position = new TextPosition(start.line);
  const feed = async (slice: string | typeof endOfText, sliceStart: number) => {
    try {
      for await (const _ of verify(slice));
      for await (const token of tokenize(slice)) document.push(token, sliceStart);
    } catch (error) {
      throw located(error, start.prefix.length, position);
    }
  };
  if (start.prefix) await feed(start.prefix, 0);
  for await (const chunk of text) {
    for (let at = 0; at < chunk.length; at += SLICE) {
      const slice = chunk.slice(at, at + SLICE);
      const sliceStart = position.end;
      position.advance(slice);
      await feed(slice, sliceStart);
      document.checkSize(position.end);
      yield* document.take();
    }
  }
  await feed(endOfText, position.end);
  yield* document.take();
}

/** Follows the top level of a Strata document through its tokens. */
class StrataDocument {
  private state: 'before' | 'top' | 'items' | 'after' = 'before';
  private key: string | null = null;
  private builder: JsonValueBuilder | null = null;
  private builderKey: string | null = null;
  private itemsSeen = false;
  private readonly header: Record<string, unknown> = {};
  private readonly output: (ParsedHeader | ParsedItem)[] = [];
  /** Offset of a slice where nothing was pending yet: what is read past it is the current value. */
  private settledAt = 0;
  private sliceStart = 0;
  private index: number;
  private placeholder: boolean;
  private headerDone: boolean;

  constructor(
    start: Start,
    private readonly limits: Limits,
  ) {
    this.index = start.nextIndex;
    this.placeholder = start.placeholder;
    this.headerDone = start.resumed;
  }

  push(token: JsonToken, sliceStart: number): void {
    this.sliceStart = sliceStart;
    if (this.builder) {
      if (this.builder.push(token)) this.complete();
      return;
    }
    this.settledAt = sliceStart;
    if (this.state === 'before') {
      if (token.name !== 'startObject') throw new InvalidBackupError('Not a Strata backup: the JSON document is not an object', 'UNSUPPORTED_FORMAT');
      this.state = 'top';
    } else if (this.state === 'items') {
      if (token.name === 'endArray') this.state = 'top';
      else this.begin(token, null);
    } else if (token.name === 'keyValue') {
      this.key = token.value as string;
    } else if (token.name === 'endObject') {
      this.finish();
    } else if (this.key === 'items') {
      this.openItems(token);
    } else {
      this.begin(token, this.key);
    }
  }

  /** Refuses a value (item or header field) that has grown past the size limit. */
  checkSize(fed: number): void {
    if (fed - this.settledAt <= this.limits.maxItemSize) return;
    const what = this.state === 'items' ? `Item ${this.index}` : 'A value of the backup header';
    throw new InvalidBackupError(`${what} is larger than the limit of ${this.limits.maxItemSize} characters`);
  }

  take(): (ParsedHeader | ParsedItem)[] {
    return this.output.splice(0);
  }

  private openItems(token: JsonToken): void {
    if (token.name !== 'startArray') throw new InvalidBackupError('Invalid backup: "items" must be an array');
    if (this.itemsSeen) throw new InvalidBackupError('Invalid backup: "items" appears twice');
    this.itemsSeen = true;
    this.state = 'items';
    if (!this.headerDone && this.header.format !== undefined && this.header.version !== undefined) this.emitHeader();
  }

  private begin(token: JsonToken, key: string | null): void {
    const keep = key === null || HEADER_KEYS.has(key);
    const label = key === null ? `Item ${this.index}` : `The header field "${key}"`;
    this.builder = new JsonValueBuilder(label, this.limits.maxDepth, keep);
    this.builderKey = key;
    if (this.builder.push(token)) this.complete();
  }

  private complete(): void {
    const value = (this.builder as JsonValueBuilder).value;
    const key = this.builderKey;
    this.builder = null;
    this.settledAt = this.sliceStart;
    if (key !== null) {
      if (!HEADER_KEYS.has(key)) return;
      this.header[key] = value;
      // Any JSON may have a "version" (package.json has one): it says something only once
      // "format" says this is a Strata backup, so it is checked then, not before.
      if (key === 'version' && this.header.format === undefined) return;
      checkHeaderField(key, value);
      if (key === 'format' && this.header.version !== undefined) checkHeaderField('version', this.header.version);
    } else if (this.placeholder) {
      this.placeholder = false;
    } else {
      this.output.push(toParsedItem(value, this.index++));
    }
  }

  private finish(): void {
    this.state = 'after';
    // A JSON document that is no backup at all says so before it is told it lacks "items".
    if (!this.headerDone && this.header.format === undefined) this.emitHeader();
    if (!this.itemsSeen) throw new InvalidBackupError('Invalid backup: the document has no "items" array');
    if (!this.headerDone) this.emitHeader();
  }

  private emitHeader(): void {
    this.output.push(toParsedHeader(this.header));
    this.headerDone = true;
  }
}

/** A stream-json fault as an InvalidBackupError saying where in the file parsing stopped. */
function located(error: unknown, prefixLength: number, position: TextPosition): unknown {
  if (!isJsonFault(error)) return error;
  const offset = error.offset - prefixLength;
  const { line, column } = position.locate(offset);
  if (offset >= position.end) {
    return new InvalidBackupError(`The JSON ends unexpectedly at line ${line}, column ${column}: the file is truncated or incomplete`);
  }
  const reason = error.message.replace(/^ERROR at [^:]*: Verifier (cannot parse input: |has )?/, '');
  return new InvalidBackupError(`Not valid JSON at line ${line}, column ${column}: ${reason}`);
}
