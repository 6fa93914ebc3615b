import { InvalidBackupError } from './parsed-item';
import type { JsonToken } from './stream-json.stages';

type Container = Record<string, unknown> | unknown[];

interface OpenContainer {
  /** null while skipping. */
  container: Container | null;
  /** The key this container gets in its parent object. */
  key: string | null;
}

/**
 * Builds one JSON value from stream-json tokens, without recursion and with JSON.parse's
 * semantics (a `__proto__` key is an own property, the last of duplicate keys wins), refusing a
 * value nested deeper than `maxDepth` levels (the value itself is level 1). With `keep` false it
 * only follows the structure of a value that is skipped. `number` makes a number's value from its
 * text (default: JSON.parse's number; a reader that must keep `15.0` as written passes its own).
 */
export class JsonValueBuilder {
  value: unknown;
  private readonly open: OpenContainer[] = [];
  private key: string | null = null;

  constructor(
    private readonly label: string,
    private readonly maxDepth: number,
    private readonly keep = true,
    private readonly number: (text: string) => unknown = Number,
  ) {}

  /** Feeds one token; true once the value is complete (then `value` holds it). */
  push(token: JsonToken): boolean {
    switch (token.name) {
      case 'startObject':
      case 'startArray':
        if (this.open.length >= this.maxDepth) {
          throw new InvalidBackupError(`${this.label} is nested deeper than ${this.maxDepth} levels`);
        }
        this.open.push({ container: this.keep ? (token.name === 'startObject' ? {} : []) : null, key: this.key });
        this.key = null;
        return false;
      case 'endObject':
      case 'endArray': {
        const closed = this.open.pop() as OpenContainer;
        this.key = closed.key;
        return this.add(closed.container);
      }
      case 'keyValue':
        this.key = token.value as string;
        return false;
      case 'numberValue':
        return this.add(this.number(token.value as string));
      case 'stringValue':
      case 'trueValue':
      case 'falseValue':
      case 'nullValue':
        return this.add(token.value);
      default:
        return false;
    }
  }

  private add(value: unknown): boolean {
    const parent = this.open.at(-1);
    if (!parent) {
      this.value = value;
      return true;
    }
    const { container } = parent;
    if (Array.isArray(container)) container.push(value);
    else if (container && this.key === '__proto__') {
      Object.defineProperty(container, '__proto__', { value, writable: true, enumerable: true, configurable: true });
    } else if (container) container[this.key as string] = value;
    return false;
  }
}
