import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { createApp } from './app';
import { makeDataDirPrivate } from './common/private-data-dir';

/** Composition root: configuration, store choice (inside CoreModule), the Nest app. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`strata: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  makeDataDirPrivate(config.dataDir);
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  process.stdout.write(`strata: listening on ${url} (store: ${config.eventStoreConnectionString ? 'eventstoredb' : 'sqlite'}, data: ${config.dataDir})\n`);
}

main().catch((error) => {
  process.stderr.write(`strata: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
