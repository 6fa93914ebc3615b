import { allPages, api } from './client';
import type { ReportItem, RollbackResult } from './types';

/** What a rollback to `asOf` would change: its dry run and every per-item outcome of it. */
export type RollbackPreview = { change: RollbackResult; outcomes: ReportItem[] };

export async function previewRollback(asOf: string): Promise<RollbackPreview> {
  const change = await api<RollbackResult>('POST', '/api/admin/repository/rollback', { json: { asOf, dryRun: true } });
  return { change, outcomes: await allPages<ReportItem>(`/api/restores/${change.restoreId}/items`) };
}
