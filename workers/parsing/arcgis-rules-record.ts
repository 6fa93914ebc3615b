import { FILE_NESTING_CEILING } from '../../src/repository/domain/limits';
import { JsonValueBuilder } from './json-value.builder';
import { InvalidBackupError } from './parsed-item';
import { endOfText, isJsonFault, jsonTokenizer, jsonVerifier } from './stream-json.stages';

/**
 * A JSON number as written (`15.0`, `0.0`, `12`): 1Integrate writes a typed value's text, and
 * JSON.parse would turn `15.0` into `15`.
 */
export class NumberText {
  constructor(readonly text: string) {}
}

/** A record once read: empty (a bare 0xED), a JSON value, or why it cannot be read. */
export type RecordContent = { empty: true } | { value: unknown } | { problem: string };

/**
 * Reads one record of a `.rules` file as its chunks arrive: UTF-8 decoded with a streaming,
 * fatal TextDecoder (a character may be split between chunks), then tokenised by stream-json
 * (the verifier runs ahead, for the place of a fault) and built into one JSON value, numbers kept
 * as NumberText. A value nested deeper than FILE_NESTING_CEILING is refused while it is read, and
 * a record larger than `maxBytes` is not gathered at all: either makes `problem`, and the rest of
 * the record is only counted. Nothing here recurses, whatever the record holds.
 */
export class RecordReader {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly verify = jsonVerifier();
  private readonly tokenize = jsonTokenizer();
  private readonly builder = new JsonValueBuilder('the record', FILE_NESTING_CEILING, true, (text) => new NumberText(text));
  private bytes = 0;
  private problem: string | null = null;

  constructor(private readonly maxBytes: number) {}

  async push(bytes: Uint8Array): Promise<void> {
    this.bytes += bytes.length;
    if (this.problem !== null) return;
    if (this.bytes > this.maxBytes) return this.fail(`it is larger than the limit of ${this.maxBytes} bytes`);
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: true });
    } catch {
      return this.fail('it is not valid UTF-8');
    }
    await this.feed(text);
  }

  async end(): Promise<RecordContent> {
    if (this.problem === null && this.bytes === 0) return { empty: true };
    if (this.problem === null) {
      let rest = '';
      try {
        rest = this.decoder.decode();
      } catch {
        this.fail('it is not valid UTF-8 (it ends inside a character)');
      }
      if (rest !== '') await this.feed(rest);
      await this.feed(endOfText);
    }
    return this.problem !== null ? { problem: this.problem } : { value: this.builder.value };
  }

  private async feed(text: string | typeof endOfText): Promise<void> {
    if (this.problem !== null || text === '') return;
    try {
      for await (const _ of this.verify(text));
      for await (const token of this.tokenize(text)) this.builder.push(token);
    } catch (error) {
      if (isJsonFault(error)) {
        const reason = error.message.replace(/^ERROR at [^:]*: Verifier (cannot parse input: |has )?/, '');
        this.fail(`it is not valid JSON: ${reason} (at character ${error.offset + 1})`);
      } else if (error instanceof InvalidBackupError) {
        this.fail(`its JSON is nested deeper than ${FILE_NESTING_CEILING} levels`);
      } else throw error;
    }
  }

  private fail(problem: string): void {
    this.problem ??= problem;
  }
}
