import { paramsOf } from '../../repository/domain/item';
import type { BackupItem } from '../backup-item';

/**
 * Secrets and uploaded files never leave (SPEC §4): a password or upload param keeps its name and
 * display value, its value becomes null. An upload with no display value shows its file name
 * there, so a restore can still say which file is needed.
 */
export function stripForBackup(item: BackupItem): BackupItem {
  if (item.type !== 'datastore') return item;
  for (const { param } of paramsOf(item.content)) {
    if (param.datatype === 'upload') {
      if (param.displayValue === undefined && typeof param.value === 'string') param.displayValue = param.value;
      param.value = null;
    } else if (param.datatype === 'password') {
      param.value = null;
    }
    delete param.isSet;
  }
  return item;
}
