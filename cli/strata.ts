#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from './client';
import { itemsCommand } from './items';
import { backupCommand } from './backup';
import { restoreCommand } from './restore';
import { repoCommand } from './repo';
import { restoresCommand } from './restores';

const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string };

const program = new Command('strata')
  .description('Command-line client of the Strata backup and restore service (for scripts, cron jobs and CI)')
  .version(version)
  .addOption(new Option('--url <url>', 'the service').env('STRATA_URL').default('http://127.0.0.1:3000'))
  .addOption(new Option('--token <token>', 'bearer token').env('STRATA_TOKEN'))
  .addHelpText(
    'after',
    `
Exit codes: 0 success; 1 the request worked but some items failed; 2 usage, connection or
HTTP errors (the server's problem detail on stderr). Progress and prompts go to stderr.

Example (nightly, from cron):
  STRATA_TOKEN=… strata repo backup -o /var/backups/strata/nightly.json`,
  );

for (const command of [itemsCommand(), backupCommand(), restoreCommand(), repoCommand(), restoresCommand()]) {
  program.addCommand(command);
}
throwOnUsageErrors(program);

/** Usage errors end in the handler below (exit 2) rather than in Commander's own exit(1). */
function throwOnUsageErrors(command: Command): void {
  command.exitOverride().showHelpAfterError('(add --help for usage)');
  command.commands.forEach(throwOnUsageErrors);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = error instanceof CommanderError && error.exitCode === 0 ? 0 : 2;
  if (error instanceof CommanderError) return; // Commander has already printed the message or the help
  const message = error instanceof CliError ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(`strata: ${message}\n`);
});
