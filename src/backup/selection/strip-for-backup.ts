import { stripSecretsAndFiles } from '../../secrets/strip-secrets';
import type { BackupItem } from '../backup-item';

/** Secrets and uploaded files never leave in a backup (SPEC §4). */
export function stripForBackup(item: BackupItem): BackupItem {
  if (item.type === 'datastore') stripSecretsAndFiles(item.content);
  return item;
}
