import { ItemContent, paramsOf } from '../repository/domain/item';
import type { SecretRef } from '../repository/domain/item.decider';

export interface ProvidedSecret extends SecretRef {
  value: string;
}

/**
 * Takes the values of password params out of content (they go to the secret store; the content
 * that enters the log keeps `value: null`). `isSet`, which responses add, is dropped too.
 */
export function splitSecrets(content: ItemContent): { content: ItemContent; secrets: ProvidedSecret[] } {
  const copy = structuredClone(content);
  const secrets: ProvidedSecret[] = [];
  for (const { list, param } of paramsOf(copy)) {
    if (param.datatype !== 'password') continue;
    if (typeof param.value === 'string' && param.value !== '') secrets.push({ list, name: param.name, value: param.value });
    param.value = null;
    delete param.isSet;
  }
  return { content: copy, secrets };
}
