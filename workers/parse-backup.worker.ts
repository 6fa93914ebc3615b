import { ReadStream, createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { MessagePort } from 'node:worker_threads';
import { readArcgisXml } from './parsing/arcgis-xml.reader';
import { detectFormat, readHead } from './parsing/detect-format';
import { readLegacyXml } from './parsing/legacy-xml.reader';
import { BackupFormat, InvalidBackupError, ParsedHeader, ParsedItem } from './parsing/parsed-item';
import { isParsedHeader, readStrataJsonFile } from './parsing/strata-json.reader';
import { PreparedItem, prepareItem } from './parsing/prepared-item';

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
  /** Post `prepared` items (for a repository restore) instead of `items`. */
  prepare?: boolean;
}

export type WorkerMessage =
  | { kind: 'header'; header: ParsedHeader }
  /** `bytesRead`: how far into the file reading has got (for progress). */
  | { kind: 'items'; items: ParsedItem[]; bytesRead: number }
  | { kind: 'prepared'; items: PreparedItem[]; bytesRead: number };

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
export default async function parseBackup({ filePath, port, chunkSize, chunkBytes, prepare = false }: ParseTask): Promise<ParseSummary> {
  const channel = new AckedPort(port);
  try {
    const format = detectFormat(await readHead(filePath));
    let itemCount = 0;
    let items: ParsedItem[] = [];
    let prepared: PreparedItem[] = [];
    let postedAt = 0;
    const file = new MeteredFile(filePath);
    for await (const value of read(format, file)) {
      if (isParsedHeader(value)) {
        await channel.post({ kind: 'header', header: value });
        continue;
      }
      if (prepare) prepared.push(prepareItem(value));
      else items.push(value);
      itemCount++;
      if (items.length + prepared.length >= chunkSize || file.bytesRead - postedAt >= chunkBytes) {
        postedAt = file.bytesRead;
        await channel.post(prepare ? { kind: 'prepared', items: prepared, bytesRead: postedAt } : { kind: 'items', items, bytesRead: postedAt });
        items = [];
        prepared = [];
      }
    }
    if (items.length) await channel.post({ kind: 'items', items, bytesRead: file.bytesRead });
    if (prepared.length) await channel.post({ kind: 'prepared', items: prepared, bytesRead: file.bytesRead });
    return { format, itemCount, bytes: (await stat(filePath)).size };
  } catch (error) {
    if (!(error instanceof InvalidBackupError)) throw error;
    const rejection: WorkerError = { name: 'InvalidBackupError', code: error.code, message: error.message };
    throw rejection;
  } finally {
    port.close();
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
