import type { ResilientClient } from './resilient-client';

/**
 * Only `owner` (and `$admins`) may write these streams: a foreign event in the commit log is
 * skipped by every instance anyway (see CommitIndex), but need not be possible at all. The other
 * streams (staging, secrets) are best covered by the server's default ACL (`$settings`).
 */
export async function restrictWrites(client: ResilientClient, streams: readonly string[], owner: string): Promise<void> {
  const acl = { writeRoles: [owner], deleteRoles: ['$admins'], metaWriteRoles: [owner] };
  for (const stream of streams) await client.retry(() => client.raw.setStreamMetadata(stream, { acl }));
}

/** The user of an `esdb://user:password@host` connection string, if any. */
export function connectionUser(connectionString: string): string | null {
  const match = /^esdb(?:\+discover)?:\/\/([^:@/]+)(?::[^@/]*)?@/i.exec(connectionString);
  return match ? decodeURIComponent(match[1]) : null;
}
