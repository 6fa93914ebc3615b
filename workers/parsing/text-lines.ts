import { StringDecoder } from 'node:string_decoder';

const NEWLINE = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The UTF-8 text of a byte stream (BOM removed), read line by line; at any point the text not
 * read yet is available as a stream of chunks. Holds at most one line and one chunk in memory.
 *
 * Lines are found in the bytes (a `\n` byte is never part of a multi-byte UTF-8 character) and
 * only each line is decoded, so a line costs one search and one decoding, never a copy of the
 * text around it.
 */
export class TextLines {
  /** Number of the line `nextLine` returns next (1-based). */
  line = 1;
  /** The bytes not consumed yet, in order. */
  private pending: Buffer[] = [];
  /** How many of `pending` are known to hold no newline. */
  private searched = 0;
  private readonly input: AsyncGenerator<Buffer>;

  constructor(input: AsyncIterable<string | Buffer> | Iterable<string | Buffer>) {
    this.input = bytesWithoutBom(input);
  }

  /**
   * The next line, without its `\n`; undefined when no complete line of at most `max` bytes is
   * available (the text has ended, or the line is longer). Nothing is consumed then.
   */
  async nextLine(max: number): Promise<string | undefined> {
    for (;;) {
      let before = 0; // bytes in the chunks ahead of the one searched (after the loop: all of them)
      for (let i = 0; i < this.pending.length; i++) {
        if (i >= this.searched) {
          const at = this.pending[i].indexOf(NEWLINE);
          if (at !== -1) return before + at <= max ? this.take(i, at) : undefined;
          this.searched = i + 1;
        }
        before += this.pending[i].length;
      }
      if (before > max || !(await this.fill())) return undefined;
    }
  }

  /** Puts a line that `nextLine` returned back in front of the text. */
  unread(line: string): void {
    const bytes = Buffer.from(`${line}\n`);
    this.pending.unshift(bytes);
    this.searched = 0;
    this.line--;
  }

  /** The text not read yet. */
  async *rest(): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf8');
    const pending = this.pending;
    this.pending = [];
    this.searched = 0;
    for (const bytes of pending) yield decoder.write(bytes);
    for await (const bytes of this.input) yield decoder.write(bytes);
    const tail = decoder.end();
    if (tail) yield tail;
  }

  /** Stops reading (and so closes the input stream). */
  async close(): Promise<void> {
    await this.input.return(undefined);
  }

  /** Consumes the line that ends at byte `at` of `pending[index]`, and its newline. */
  private take(index: number, at: number): string {
    const last = this.pending[index];
    const line = index === 0 ? last.toString('utf8', 0, at) : Buffer.concat([...this.pending.slice(0, index), last.subarray(0, at)]).toString('utf8');
    const remainder = last.subarray(at + 1);
    this.pending = remainder.length > 0 ? [remainder, ...this.pending.slice(index + 1)] : this.pending.slice(index + 1);
    this.searched = 0;
    this.line++;
    return line;
  }

  private async fill(): Promise<boolean> {
    const next = await this.input.next();
    if (next.done) return false;
    this.pending.push(next.value);
    return true;
  }
}

/** The input as bytes, without the UTF-8 byte order mark it may start with. */
async function* bytesWithoutBom(input: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): AsyncGenerator<Buffer> {
  let head: Buffer | null = Buffer.alloc(0); // the first bytes, until there are enough to tell
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (head === null) {
      if (bytes.length > 0) yield bytes;
      continue;
    }
    head = Buffer.concat([head, bytes]);
    if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) continue;
    const start = head.subarray(0, BOM.length).equals(BOM) ? head.subarray(BOM.length) : head;
    head = null;
    if (start.length > 0) yield start;
  }
  if (head !== null && head.length > 0) yield head;
}
