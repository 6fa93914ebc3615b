import { DomainError } from '../common/errors';
import { ItemContent, isPasswordParam, paramsOf } from '../repository/domain/item';
import type { SecretRef } from '../repository/domain/item.decider';

export interface ProvidedSecret extends SecretRef {
  value: string;
}

/**
 * Takes the values of password params out of content (they go to the secret store; the content
 * that enters the log keeps `value: null`). `isSet`, which responses add, is dropped too.
 * A password value that is neither a string nor null is refused rather than dropped: the client
 * would believe it stored a password. The message names the param, never the value.
 */
export function splitSecrets(content: ItemContent): { content: ItemContent; secrets: ProvidedSecret[] } {
  const copy = structuredClone(content);
  const secrets: ProvidedSecret[] = [];
  for (const { list, param } of paramsOf(copy)) {
    if (!isPasswordParam(param)) continue;
    const value: unknown = param.value;
    if (value !== null && value !== undefined && typeof value !== 'string') {
      const message = `${list}: password param "${String(param.name)}" value must be a string or null`;
      throw new DomainError('VALIDATION_FAILED', `content: ${message}`, { errors: [{ field: 'content', message }] });
    }
    if (typeof value === 'string' && value !== '') secrets.push({ list, name: param.name, value });
    param.value = null;
    delete param.isSet;
  }
  return { content: copy, secrets };
}
