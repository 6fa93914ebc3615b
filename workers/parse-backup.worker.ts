import { ReadStream, createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { MessagePort } from 'node:worker_threads';
import { readArcgisRules } from './parsing/arcgis-rules.reader';
import { readArcgisXml } from './parsing/arcgis-xml.reader';
import { detectFormat, readHead } from './parsing/detect-format';
import { readLegacyXml } from './parsing/legacy-xml.reader';
import { BackupFormat, InvalidBackupError, ParsedHeader, ParsedItem } from './parsing/parsed-item';
import { isParsedHeader, isShareMark, readStrataJsonFile, readStrataJsonFileShare, Share, ShareMark } from './parsing/strata-json.reader';
import { PreparedItem, prepareItem } from './parsing/prepared-item';
import { RestoreItem, prepareRestoreItem } from './parsing/restore-item';

/** Piscina task file (DESIGN invariant 8): no Nest, no database; a file path in, plain data out. */

export interface ParseTask {
  filePath: string;
  /** Transferred port: the worker posts WorkerMessages on it and waits for an ack after each. */
  port: MessagePort;
  /** Most items in one `items` message. */
  chunkSize: number;
  /**
   * Most bytes of the file behind one `items` message (about: reads go by the stream's buffer).
   * Items vary from a few hundred bytes to hundreds of kilobytes (data stores): a count alone
   * would let a chunk of big items hold hundreds of megabytes.
   */
  chunkBytes: number;
  /** Post items made ready for a repository restore (`prepared`) or an item restore (`restore`) instead of `items`. */
  prepare?: Preparation;
  /**
   * This task is reader `index` of `readers` parsing the file at once, each its share of the
   * chunks (with `prepare` only; see `readStrataJsonShare` and BackupParserPool for the merge).
   */
  share?: { index: number; readers: number };
}

export type WorkerMessage =
  | { kind: 'header'; header: ParsedHeader }
  /** `bytesRead`: how far into the file reading has got (for progress). */
  | { kind: 'items'; items: ParsedItem[]; bytesRead: number }
  /**
   * `chunk`: the number of the chunk, while readers share the file; null once this reader reads
   * alone (from then on, and always when it does not share): these items come next, whatever
   * the other readers sent past the last chunk taken.
   */
  | { kind: 'prepared'; items: PreparedItem[]; bytesRead: number; chunk: number | null }
  /** Items made ready for an item restore (see RestoreItem); `chunk` as for `prepared`. */
  | { kind: 'restore'; items: RestoreItem[]; bytesRead: number; chunk: number | null };

export type Preparation = 'repository' | 'items';

export interface ParseSummary {
  format: BackupFormat;
  itemCount: number;
  bytes: number;
}

/** An InvalidBackupError as the task rejects with it: structured cloning would drop an Error's `code`. */
export interface WorkerError {
  name: 'InvalidBackupError';
  code: InvalidBackupError['code'];
  message: string;
}

/**
 * Recognises the format of the backup at `filePath`, reads it as a stream and posts the header,
 * then the items a bounded chunk at a time (`chunkSize` items, about `chunkBytes` of the file),
 * waiting for the main thread's ack after each message: the reader only reads on when the
 * consumer has taken the chunk before, so memory stays bounded.
 */
export default async function parseBackup({ filePath, port, chunkSize, chunkBytes, prepare, share }: ParseTask): Promise<ParseSummary> {
  const channel = new AckedPort(port);
  try {
    const format = detectFormat(await readHead(filePath));
    const file = new MeteredFile(filePath);
    const chunks = new Chunks(channel, file, { chunkSize, chunkBytes, prepare, shared: share !== undefined });
    const values = share ? readShare(format, file, { ...share, chunkSize, chunkChars: chunkBytes }) : read(format, file);
    for await (const value of values) {
      if (isShareMark(value)) await chunks.mark(value);
      else if (isParsedHeader(value)) await channel.post({ kind: 'header', header: value });
      else await chunks.add(value);
    }
    await chunks.flush();
    return { format, itemCount: chunks.itemCount, bytes: (await stat(filePath)).size };
  } catch (error) {
    if (!(error instanceof InvalidBackupError)) throw error;
    const rejection: WorkerError = { name: 'InvalidBackupError', code: error.code, message: error.message };
    throw rejection;
  } finally {
    port.close();
  }
}

/**
 * The items read, posted a chunk at a time: cut by this reader when it reads alone, at the marks
 * of a shared reading otherwise (see readStrataJsonShare).
 */
class Chunks {
  itemCount = 0;
  private items: (ParsedItem | PreparedItem | RestoreItem)[] = [];
  private postedAt = 0;
  private alone: boolean;
  /** This reader has started reading alone and not said so yet. */
  private owed = false;

  constructor(
    private readonly channel: AckedPort,
    private readonly file: MeteredFile,
    private readonly options: { chunkSize: number; chunkBytes: number; prepare?: Preparation; shared: boolean },
  ) {
    this.alone = !options.shared;
  }

  async add(item: ParsedItem): Promise<void> {
    const { prepare } = this.options;
    this.items.push(prepare === 'repository' ? prepareItem(item) : prepare === 'items' ? prepareRestoreItem(item) : item);
    this.itemCount++;
    const full = this.items.length >= this.options.chunkSize || this.file.bytesRead - this.postedAt >= this.options.chunkBytes;
    if (this.alone && full) await this.post(null);
  }

  async mark(mark: ShareMark): Promise<void> {
    if ('chunk' in mark) return this.post(mark.chunk);
    this.alone = true;
    this.owed = true;
  }

  /** Posts what is left (and, if this reader has gone alone without posting since, that it has). */
  async flush(): Promise<void> {
    if (this.items.length > 0 || this.owed) await this.post(null);
  }

  private async post(chunk: number | null): Promise<void> {
    this.postedAt = this.file.bytesRead;
    this.owed = false;
    const { items } = this;
    this.items = [];
    const bytesRead = this.postedAt;
    switch (this.options.prepare) {
      case 'repository':
        return this.channel.post({ kind: 'prepared', items: items as PreparedItem[], bytesRead, chunk });
      case 'items':
        return this.channel.post({ kind: 'restore', items: items as RestoreItem[], bytesRead, chunk });
      default:
        return this.channel.post({ kind: 'items', items: items as ParsedItem[], bytesRead });
    }
  }
}

/** Reader `share.index`'s share of the file: only Strata JSON in our layout is shared; reader 0 reads anything else alone. */
async function* readShare(format: BackupFormat, file: MeteredFile, share: Share): AsyncGenerator<ParsedHeader | ParsedItem | ShareMark> {
  if (format === 'strata-json') {
    yield* readStrataJsonFileShare(file.path, share, () => file.open());
  } else if (share.index === 0) {
    yield { alone: true };
    yield* read(format, file);
  }
}

/** The header first, then the items. */
async function* read(format: BackupFormat, file: MeteredFile): AsyncGenerator<ParsedHeader | ParsedItem> {
  switch (format) {
    case 'strata-json':
      yield* readStrataJsonFile(file.path, {}, () => file.open());
      return;
    case '1integrate-xml':
      yield { format };
      yield* readLegacyXml(file.open());
      return;
    case 'arcgis-rules':
      yield { format };
      yield* readArcgisRules(file.open());
      return;
    case 'arcgis-xml':
      yield { format };
      yield* readArcgisXml(file.open());
      return;
  }
}

/** The backup file, opened as streams whose progress can be read. */
class MeteredFile {
  private current?: ReadStream;

  constructor(readonly path: string) {}

  open(): ReadStream {
    // Reads of 256 KiB: a quarter of the system calls and stream chunks of the default 64 KiB,
    // and still fine-grained enough to bound a chunk by the bytes behind it (`chunkBytes`).
    this.current = createReadStream(this.path, { highWaterMark: 256 << 10 });
    return this.current;
  }

  get bytesRead(): number {
    return this.current?.bytesRead ?? 0;
  }
}

/** A port on which every message waits for the other side's ack; its closing (consumer gone) fails the wait. */
class AckedPort {
  private waiting?: { resolve: () => void; reject: (error: Error) => void };
  private closed = false;

  constructor(private readonly port: MessagePort) {
    port.on('message', () => this.settle()?.resolve());
    port.on('close', () => {
      this.closed = true;
      this.settle()?.reject(new Error('The consumer stopped reading the backup'));
    });
  }

  post(message: WorkerMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The consumer stopped reading the backup'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.port.postMessage(message);
    });
  }

  private settle() {
    const waiting = this.waiting;
    this.waiting = undefined;
    return waiting;
  }
}
