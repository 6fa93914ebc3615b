import type { Command } from 'commander';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from './errors';
import { note } from './output';

/** What `--url`, `--token`, `--token-file` and `--profile` resolve to. */
export interface Connection {
  url: string;
  token: string;
}

interface Profile {
  url?: string;
  tokenFile?: string;
}

interface ConfigFile {
  defaultProfile?: string;
  profiles?: Record<string, Profile>;
}

interface GlobalOptions {
  url?: string;
  token?: string;
  tokenFile?: string;
  profile?: string;
}

const DEFAULT_URL = 'http://127.0.0.1:3000';

/** `$STRATA_CONFIG`, else `$XDG_CONFIG_HOME/strata/config.json`, else `~/.config/strata/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STRATA_CONFIG) return path.resolve(env.STRATA_CONFIG);
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'strata', 'config.json');
}

/**
 * The connection, most explicit first: `--url` / `--token` / `--token-file` on the command line;
 * then the profile named by `--profile`; then STRATA_URL / STRATA_TOKEN / STRATA_TOKEN_FILE; then
 * the profile named by STRATA_PROFILE or the config file's `defaultProfile`; then the local service.
 * A profile named on the command line beats the environment because it is the more deliberate
 * choice (a shell's STRATA_URL must not send `--profile prod` elsewhere).
 */
export function connectionFor(command: Command, env: NodeJS.ProcessEnv = process.env): Connection {
  const cli = command.optsWithGlobals<GlobalOptions>();
  const source = (key: keyof GlobalOptions) => command.getOptionValueSourceWithGlobals(key);
  const given = (key: keyof GlobalOptions) => (source(key) === 'cli' ? cli[key] : undefined);
  if (given('token') && given('tokenFile')) throw new CliError('give --token or --token-file, not both');

  const named = given('profile');
  const implicit = named ? undefined : (env.STRATA_PROFILE ?? undefined);
  const config = named || implicit || fs.existsSync(configPath(env)) ? readConfig(env) : undefined;
  const explicitProfile = named ? profileOf(config, named, env) : undefined;
  const ambientName = implicit ?? config?.defaultProfile;
  const ambientProfile = !named && ambientName ? profileOf(config, ambientName, env) : undefined;

  const layers: { url?: string; token?: () => string }[] = [
    { url: given('url'), token: tokenOf(given('token'), given('tokenFile')) },
    { url: explicitProfile?.url, token: tokenOf(undefined, explicitProfile?.tokenFile) },
    { url: env.STRATA_URL || undefined, token: tokenOf(env.STRATA_TOKEN || undefined, env.STRATA_TOKEN_FILE || undefined) },
    { url: ambientProfile?.url, token: tokenOf(undefined, ambientProfile?.tokenFile) },
  ];
  const url = layers.find((l) => l.url)?.url ?? DEFAULT_URL;
  const token = layers.find((l) => l.token)?.token;
  if (!token) throw new CliError(`no token: pass --token-file FILE (or --token), set STRATA_TOKEN_FILE or STRATA_TOKEN, or use a profile (${configPath(env)})`);
  return { url, token: token() };
}

/** The profile names of the config file, for shell completion (none when there is no file). */
export function profileNames(env: NodeJS.ProcessEnv = process.env): string[] {
  try {
    return Object.keys(readConfig(env).profiles ?? {});
  } catch {
    return [];
  }
}

function readConfig(env: NodeJS.ProcessEnv): ConfigFile {
  const file = configPath(env);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the config file ${file}: ${(error as Error).message}`);
  }
  try {
    const config = JSON.parse(text) as ConfigFile;
    if (typeof config !== 'object' || config === null || (config.profiles !== undefined && typeof config.profiles !== 'object'))
      throw new Error('expected {"profiles": {…}}');
    return config;
  } catch (error) {
    throw new CliError(`the config file ${file} is not valid: ${(error as Error).message}`);
  }
}

function profileOf(config: ConfigFile | undefined, name: string, env: NodeJS.ProcessEnv): Profile {
  const profile = config?.profiles?.[name];
  if (!profile || typeof profile !== 'object') {
    const known = Object.keys(config?.profiles ?? {});
    throw new CliError(`no profile "${name}" in ${configPath(env)}${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
  }
  // A relative token file is relative to the config file, `~/` to the home directory.
  const base = path.dirname(configPath(env));
  const tokenFile = profile.tokenFile === undefined ? undefined : path.resolve(base, profile.tokenFile.replace(/^~(?=\/|$)/, os.homedir()));
  return { url: profile.url, tokenFile };
}

function tokenOf(token: string | undefined, file: string | undefined): (() => string) | undefined {
  if (token) return () => token;
  if (file) return () => readTokenFile(file);
  return undefined;
}

/** The first line of the file. A file others can read is used, with a warning: tokens are passwords. */
function readTokenFile(file: string): string {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (stat.isFile() && (stat.mode & 0o077) !== 0) note(`strata: warning: ${file} can be read by other users; chmod 600 it`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the token file ${file}: ${(error as Error).message}`);
  }
  const token = text.split(/\r?\n/)[0].trim();
  if (!token) throw new CliError(`the token file ${file} is empty`);
  return token;
}
