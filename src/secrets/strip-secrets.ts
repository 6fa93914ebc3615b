import { ItemContent, isPasswordParam, isUploadParam, paramsOf } from '../repository/domain/item';

/**
 * Secrets and uploaded files never travel (SPEC §4, §5): a password or upload param keeps its name
 * and display value and its value becomes null. An upload with no display value shows its file
 * name there, so the restoring side still knows which file is needed. Mutates and returns `content`.
 */
export function stripSecretsAndFiles(content: ItemContent): ItemContent {
  for (const { param } of paramsOf(content)) {
    if (isUploadParam(param)) {
      if (param.displayValue === undefined && typeof param.value === 'string') param.displayValue = param.value;
      param.value = null;
    } else if (isPasswordParam(param)) {
      param.value = null;
    }
    delete param.isSet;
  }
  return content;
}

/** Whether `stripSecretsAndFiles` would change `content` (a restored data store's content was stripped already). */
export function hasSecretsOrFiles(content: ItemContent): boolean {
  return paramsOf(content).some(({ param }) => 'isSet' in param || ((isUploadParam(param) || isPasswordParam(param)) && param.value !== null));
}
