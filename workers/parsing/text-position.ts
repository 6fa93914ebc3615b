/**
 * Line and column of a character offset in text read slice by slice, for error messages. Only
 * `\n` ends a line (U+2028 inside a string does not). The last two slices are kept: enough to
 * place a fault found just behind the slice being read.
 */
export class TextPosition {
  private previous = '';
  private current = '';
  /** Offset, line number and offset of that line's start, at the beginning of `previous`. */
  private start = 0;
  private line: number;
  private lineStart = 0;

  constructor(firstLine: number) {
    this.line = firstLine;
  }

  /** Offset just past the text recorded so far. */
  get end(): number {
    return this.start + this.previous.length + this.current.length;
  }

  /** Records the next slice of text. */
  advance(slice: string): void {
    const { line, lineStart } = this.scan(this.previous, this.previous.length);
    this.line = line;
    this.lineStart = lineStart;
    this.start += this.previous.length;
    this.previous = this.current;
    this.current = slice;
  }

  /** Line and column (1-based) of an offset within the last two slices. */
  locate(offset: number): { line: number; column: number } {
    const text = this.previous + this.current;
    const { line, lineStart } = this.scan(text, Math.min(Math.max(offset - this.start, 0), text.length));
    return { line, column: offset - lineStart + 1 };
  }

  private scan(text: string, length: number): { line: number; lineStart: number } {
    let { line, lineStart } = this;
    for (let at = text.indexOf('\n'); at !== -1 && at < length; at = text.indexOf('\n', at + 1)) {
      line++;
      lineStart = this.start + at + 1;
    }
    return { line, lineStart };
  }
}
