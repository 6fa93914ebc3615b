import type { Response } from 'express';
import { once } from 'node:events';
import type { ReportItem } from '../domain/restore.events';

/**
 * Writes a restore report (SPEC §5) as JSON — the summary's fields, then `items` — streaming the
 * items page by page from the restore record, so a report of a million items is never one string.
 */
export async function sendReport(res: Response, summary: Record<string, unknown>, pages: Iterable<ReportItem[]>): Promise<void> {
  res.status(200).type('application/json');
  const head = JSON.stringify(summary);
  const write = async (text: string) => {
    if (!res.write(text)) await once(res, 'drain');
  };
  await write(`${head.slice(0, -1)},"items":[`);
  let first = true;
  for (const page of pages) {
    if (page.length === 0) continue;
    await write((first ? '' : ',') + page.map((item) => JSON.stringify(item)).join(','));
    first = false;
  }
  res.end(']}');
}
