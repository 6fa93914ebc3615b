import fs from 'node:fs';
import path from 'node:path';

/**
 * The data dir holds the event log, the read model, uploaded files and the secrets' key: nobody
 * but the service's user may read it, whoever made it (issue 18). At start, before anything is
 * opened: files this process creates from now on are 0600 and folders 0700 (umask 077, for
 * SQLite's files too), and the dir, its entries and the blob store's folders are tightened, in
 * case an admin (or an older Strata) made them readable. Blob files were always written 0600.
 */
export function makeDataDirPrivate(dataDir: string): void {
  process.umask(0o077);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  tightenEntries(dataDir);
  const blobs = path.join(dataDir, 'blobs');
  if (fs.existsSync(blobs)) tightenEntries(blobs, { filesToo: false });
}

function tightenEntries(dir: string, { filesToo = true } = {}): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) fs.chmodSync(path.join(dir, entry.name), 0o700);
    else if (entry.isFile() && filesToo) fs.chmodSync(path.join(dir, entry.name), 0o600);
  }
}
