import path from 'node:path';
import { MessageChannel, MessagePort } from 'node:worker_threads';
import type Piscina from 'piscina';
import type { ParseSummary, ParseTask, Preparation, WorkerMessage } from '../../../workers/parse-backup.worker';
import { InvalidBackupError } from '../../../workers/parsing/parsed-item';
import { compiledWorkerFile } from '../../common/worker-file';
import { createWorkerPool } from '../../common/worker-pool';

/** Chunks each worker may have parsed ahead of the consumer (each at most about `chunkBytes` of the file). */
const READ_AHEAD = 4;

/** What `parse` yields: the header first, then the items in file order, a bounded chunk at a time. */
export type ParsedChunk = WorkerMessage;
export type { ParseSummary };

export interface BackupParserOptions {
  /** The compiled worker; default: `STRATA_WORKER_FILE`, else see `defaultWorkerFile`. */
  workerFile?: string;
  /** Threads parsing at once (default 2); more parses wait in Piscina's queue. */
  maxThreads?: number;
}

export interface ParseOptions {
  /** Most items per chunk (default 500). */
  chunkSize?: number;
  /** Most bytes of the file per chunk, about (default 1 MiB). */
  chunkBytes?: number;
  /**
   * Yield items made ready on the worker instead of `items`: `prepared` chunks for a repository
   * restore (checked, content serialised), `restore` chunks for an item restore (see RestoreItem).
   */
  prepare?: Preparation;
  /**
   * Threads parsing the file at once (with `prepare` only; default 1): each reads all of it and
   * parses its share of the chunks; the chunks come out in file order all the same.
   */
  readers?: number;
}

/** The compiled parse worker (see `compiledWorkerFile`); `STRATA_WORKER_FILE` overrides it. */
export function defaultWorkerFile(): string {
  if (process.env.STRATA_WORKER_FILE) return path.resolve(process.env.STRATA_WORKER_FILE);
  return compiledWorkerFile('parse-backup.worker.js');
}

/**
 * Parses uploaded backups on worker threads (DESIGN invariants 6 and 8). A parse streams chunks
 * with backpressure: the worker reads at most a few chunks ahead of the consumer.
 */
export class BackupParserPool {
  private readonly pool: Piscina<ParseTask, ParseSummary>;

  constructor(options: BackupParserOptions = {}) {
    this.pool = createWorkerPool<ParseTask, ParseSummary>('BackupParser', {
      filename: options.workerFile ?? defaultWorkerFile(),
      maxThreads: options.maxThreads ?? 2,
      minThreads: 0,
      // Gone a second after a parse: its heap is not kept while the restore commits and projects.
      idleTimeout: 1_000,
      // A parse holds one item and one chunk at a time: a small heap makes V8 collect eagerly,
      // so a worker's memory does not follow the size of the file (DESIGN invariant 6).
      resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 },
    });
  }

  /**
   * The backup at `filePath`, header first. Returns the summary when done. A file that is not a
   * backup throws InvalidBackupError from the iteration. Stopping early (break, throw) aborts the
   * worker; a consumer must either iterate to the end or stop that way, never just drop it.
   *
   * With several `readers`, the chunks are taken from reader 0, 1, 0, 1… in turn, until one of
   * them reads alone (see WorkerMessage): the rest comes from it, and the others are stopped.
   */
  async *parse(
    filePath: string,
    { chunkSize = 500, chunkBytes = 1 << 20, prepare, readers = 1 }: ParseOptions = {},
  ): AsyncGenerator<ParsedChunk, ParseSummary, undefined> {
    const count = prepare ? readers : 1;
    const tasks = Array.from({ length: count }, (_, index) =>
      this.start({ filePath, chunkSize, chunkBytes, prepare, share: count > 1 ? { index, readers: count } : undefined }),
    );
    let alone = count === 1 ? tasks[0] : null;
    let expected = 0;
    let itemCount = 0;
    try {
      for (;;) {
        const task = alone ?? tasks[expected % count];
        const next = await task.inbox.next();
        if ('error' in next) throw next.error;
        if ('summary' in next) {
          task.finished = true;
          if (task !== alone) throw new Error(`parse reader ${tasks.indexOf(task)} stopped before chunk ${expected}`);
          return { ...next.summary, itemCount };
        }
        const message = next.message;
        if ((message.kind === 'prepared' || message.kind === 'restore') && !alone) {
          if (message.chunk === null) {
            alone = task;
            for (const other of tasks) if (other !== task) await other.stop();
          } else if (message.chunk === expected) {
            expected++;
          } else {
            throw new Error(`parse reader ${tasks.indexOf(task)} sent chunk ${message.chunk}, expected ${expected}`);
          }
        }
        if (message.kind !== 'header') itemCount += message.items.length;
        yield message;
      }
    } finally {
      for (const task of tasks) await task.stop();
    }
  }

  /** Runs one parse task, its messages and outcome arriving in its inbox. */
  private start(task: Omit<ParseTask, 'port'>): RunningParse {
    const { port1, port2 } = new MessageChannel();
    const inbox = new Inbox(port1, READ_AHEAD);
    const abort = new AbortController();
    const run = this.pool.run({ ...task, port: port2 }, { transferList: [port2], signal: abort.signal });
    run.then(
      (summary) => inbox.push({ summary }),
      (error: unknown) => inbox.push({ error: fromWorker(error) }),
    );
    const parse: RunningParse = {
      inbox,
      finished: false,
      stop: async () => {
        port1.close();
        if (parse.finished) return;
        parse.finished = true;
        abort.abort();
        await run.catch(() => undefined);
      },
    };
    return parse;
  }

  /** Stops the threads; parses still running fail. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

type Arrival = { message: WorkerMessage } | { summary: ParseSummary } | { error: Error };

interface RunningParse {
  inbox: Inbox;
  /** Its task has ended (or been stopped). */
  finished: boolean;
  /** Closes its port and, unless its task has ended, aborts it. */
  stop(): Promise<void>;
}

/**
 * What the worker sends and how its task ends, in arrival order. The worker posts a message only
 * once the one before is acked; a message is acked on arrival while fewer than `readAhead` wait
 * here, else when the consumer takes one: the worker reads ahead of the consumer, never further
 * than `readAhead` chunks.
 */
class Inbox {
  private readonly arrived: Arrival[] = [];
  private waiting?: (arrival: Arrival) => void;
  private ackOwed = false;

  constructor(
    private readonly port: MessagePort,
    private readonly readAhead: number,
  ) {
    port.on('message', (message: WorkerMessage) => {
      this.push({ message });
      if (this.arrived.length < this.readAhead) port.postMessage('ack');
      else this.ackOwed = true;
    });
  }

  push(arrival: Arrival): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(arrival);
    else this.arrived.push(arrival);
  }

  next(): Promise<Arrival> {
    const arrival = this.arrived.shift();
    if (this.ackOwed && this.arrived.length < this.readAhead) {
      this.ackOwed = false;
      this.port.postMessage('ack');
    }
    return arrival ? Promise.resolve(arrival) : new Promise((resolve) => (this.waiting = resolve));
  }
}

/** The task's rejection as the main thread throws it: an InvalidBackupError comes as a plain object. */
function fromWorker(error: unknown): Error {
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'InvalidBackupError') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return new InvalidBackupError(String(message), code === 'UNSUPPORTED_FORMAT' ? 'UNSUPPORTED_FORMAT' : 'INVALID_BACKUP');
  }
  return error instanceof Error ? error : new Error(String(error));
}
