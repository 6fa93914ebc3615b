#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from './errors';
import { itemsCommand } from './items';
import { backupCommand } from './backup';
import { restoreCommand } from './restore';
import { repoCommand } from './repo';
import { restoresCommand } from './restores';
import { completionCommand } from './completion';
import { configPath } from './connection';
import { isBrokenPipe, setVerbosity, stopQuietlyOnBrokenPipe } from './output';

const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string };

stopQuietlyOnBrokenPipe();

const program = new Command('strata')
  .description('Command-line client of the Strata backup and restore service (for scripts, cron jobs and CI)')
  .version(version)
  .addOption(new Option('--url <url>', 'the service').env('STRATA_URL').default('http://127.0.0.1:3000'))
  .addOption(new Option('--token <token>', 'bearer token (visible to other users in the process list: prefer --token-file)').env('STRATA_TOKEN'))
  .addOption(new Option('--token-file <file>', 'read the bearer token from the first line of this file').env('STRATA_TOKEN_FILE'))
  .addOption(new Option('--profile <name>', `a profile of the config file (${configPath()}): its url and token file`).env('STRATA_PROFILE'))
  .option('--json', 'print JSON on stdout instead of text (every command)')
  .addOption(new Option('-q, --quiet', 'print only the data asked for and errors: no progress, no notes').conflicts('verbose'))
  .option('-v, --verbose', 'also print every HTTP request and its answer on stderr (never the token)')
  .configureHelp({ showGlobalOptions: true })
  .hook('preAction', (_, action) => setVerbosity(action))
  .addHelpText(
    'after',
    `
Where the connection comes from, first found wins: --url / --token / --token-file; the profile
named by --profile; STRATA_URL / STRATA_TOKEN / STRATA_TOKEN_FILE; the profile named by
STRATA_PROFILE or the config file's "defaultProfile"; http://127.0.0.1:3000. Config file:
  {"defaultProfile": "prod", "profiles": {"prod": {"url": "https://strata.example.org", "tokenFile": "~/.config/strata/prod.token"}}}

Exit codes: 0 success (also when the reader of the output stops early, as in \`| head -1\`);
1 the request worked but some items failed; 2 usage, connection or HTTP errors (the server's
problem detail on stderr). Progress, notes and prompts go to stderr.

Example (nightly, from cron):
  strata --token-file /etc/strata/token repo backup -q -o /var/backups/strata/nightly.json`,
  );

for (const command of [itemsCommand(), backupCommand(), restoreCommand(), repoCommand(), restoresCommand(), completionCommand(() => program)]) {
  program.addCommand(command);
}
throwOnUsageErrors(program);

/** Usage errors end in the handler below (exit 2) rather than in Commander's own exit(1). */
function throwOnUsageErrors(command: Command): void {
  command.exitOverride().showHelpAfterError('(add --help for usage)');
  command.commands.forEach(throwOnUsageErrors);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  if (isBrokenPipe(error)) process.exit(0); // the reader went away (see stopQuietlyOnBrokenPipe)
  process.exitCode = error instanceof CommanderError && error.exitCode === 0 ? 0 : 2;
  if (error instanceof CommanderError) return; // Commander has already printed the message or the help
  const message = error instanceof CliError ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(`strata: ${message}\n`);
});
