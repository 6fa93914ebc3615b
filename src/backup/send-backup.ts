import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { BackupStream } from './backup.service';

/** Streams a backup to the client as an attachment, with backpressure. */
export async function sendBackup(res: Response, backup: BackupStream): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', backup.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${backup.fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    await pipeline(backup.body, res);
  } catch {
    // The client went away or the stream failed midway: the response is already cut.
    backup.body.destroy();
  }
}
