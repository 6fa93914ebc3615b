import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config/config';
import { createStoreAdapter } from './core/store-adapter';
import { makeDataDirPrivate } from './common/private-data-dir';
import { Instance } from './core/instance';
import { ViewDatabase } from './read-model/view-database';
import { Projector } from './read-model/projector';
import { VersionPreparer } from './read-model/version-preparer';

/**
 * `npm run rebuild-view`: deletes the read model and projects the whole log again. Run it with
 * the service stopped (the service also rebuilds by itself when the view's schema changes).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  makeDataDirPrivate(config.dataDir);
  const { events: store, logFile } = await createStoreAdapter(config, Instance.fromDataDir(config.dataDir));
  const file = path.join(config.dataDir, 'view.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const view = new ViewDatabase(file, logFile);
  const preparer = new VersionPreparer();
  const projector = new Projector(store, view, preparer);
  const started = Date.now();
  await projector.catchUp();
  process.stdout.write(`strata: read model rebuilt up to position ${projector.position} in ${Date.now() - started} ms\n`);
  await preparer.close();
  view.close();
  await store.close();
}

main().catch((error) => {
  process.stderr.write(`strata: rebuild failed: ${(error as Error).message}\n`);
  process.exit(1);
});
