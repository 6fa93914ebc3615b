import { DomainError } from '../../common/errors';

/**
 * The selection holds something legacy XML cannot express (discovery specifications, or a node
 * kind / attribute name that is not an XML name). Raised before the first chunk for discovery
 * specifications; the caller is expected to check first, the writer never drops items silently.
 */
export class LegacyXmlUnsupportedError extends DomainError {
  constructor(
    message: string,
    readonly names: readonly string[],
  ) {
    super('UNSUPPORTED_FORMAT', message, { names });
    this.name = 'LegacyXmlUnsupportedError';
  }
}

/** Names listed in an error message: at most `max`, then "and N more". */
export function listNames(names: readonly string[], total: number, max = 20): string {
  const shown = names
    .slice(0, max)
    .map((n) => `"${n}"`)
    .join(', ');
  return total > max ? `${shown} and ${total - max} more` : shown;
}
