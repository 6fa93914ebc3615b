import { StringDecoder } from 'node:string_decoder';

/**
 * The UTF-8 text of a byte stream (BOM removed), read line by line; at any point the text not
 * read yet is available as a stream of chunks. Holds at most one chunk and one line in memory.
 */
export class TextLines {
  /** Number of the line `nextLine` returns next (1-based). */
  line = 1;
  private pending = '';
  private readonly chunks: AsyncGenerator<string>;

  constructor(input: AsyncIterable<string | Buffer>) {
    this.chunks = decode(input);
  }

  /**
   * The next line, without its `\n`; undefined when no complete line of at most `max` characters
   * is available (the text has ended, or the line is longer). Nothing is consumed then.
   */
  async nextLine(max: number): Promise<string | undefined> {
    let searchFrom = 0;
    for (;;) {
      const end = this.pending.indexOf('\n', searchFrom);
      if (end !== -1 && end <= max) {
        const line = this.pending.slice(0, end);
        this.pending = this.pending.slice(end + 1);
        this.line++;
        return line;
      }
      if (end !== -1 || this.pending.length > max) return undefined;
      searchFrom = this.pending.length;
      if (!(await this.fill())) return undefined;
    }
  }

  /** Puts a line that `nextLine` returned back in front of the text. */
  unread(line: string): void {
    this.pending = `${line}\n${this.pending}`;
    this.line--;
  }

  /** The text not read yet. */
  async *rest(): AsyncGenerator<string> {
    do {
      if (this.pending) yield this.pending;
      this.pending = '';
    } while (await this.fill());
  }

  /** Stops reading (and so closes the input stream). */
  async close(): Promise<void> {
    await this.chunks.return(undefined);
  }

  private async fill(): Promise<boolean> {
    const next = await this.chunks.next();
    if (next.done) return false;
    this.pending += next.value;
    return true;
  }
}

async function* decode(input: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let atStart = true;
  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (atStart && text) {
      text = text.replace(/^\uFEFF/, '');
      atStart = false;
    }
    if (text) yield text;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}
