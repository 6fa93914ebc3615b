import type { Command } from 'commander';

/** How much the CLI says besides the data asked for: `-q` nothing but errors, `-v` every HTTP exchange too. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

let verbosity: Verbosity = 'normal';

export function setVerbosity(command: Command): void {
  const { quiet, verbose } = command.optsWithGlobals<{ quiet?: boolean; verbose?: boolean }>();
  verbosity = quiet ? 'quiet' : verbose ? 'verbose' : 'normal';
}

export const isQuiet = () => verbosity === 'quiet';

/** A line of data on stdout: what a script reads. */
export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** A JSON document on stdout (`--json`). */
export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A status message on stderr (progress, "wrote …", notes), unless `-q`. */
export function note(message: string): void {
  if (verbosity !== 'quiet') process.stderr.write(`${message}\n`);
}

/** A line about an HTTP exchange on stderr, with `-v` only (never a token). */
export function trace(message: string): void {
  if (verbosity === 'verbose') process.stderr.write(`strata: ${message}\n`);
}

/** Whether `--json` was given, wherever on the command line. */
export function wantsJson(command: Command): boolean {
  return command.optsWithGlobals<{ json?: boolean }>().json === true;
}

/** The reader of our output went away (`| head -1`): not an error of ours. */
export function isBrokenPipe(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === 'EPIPE' || e?.cause?.code === 'EPIPE' || e?.code === 'ERR_STREAM_DESTROYED';
}

/**
 * Every command stops quietly, exit 0, when the reader of its stdout goes away: the reader chose
 * to stop reading (`strata items | head -1`), so there is nothing to report, and a script with
 * `set -o pipefail` is not failed by it. stderr going away ends the process the same way.
 */
export function stopQuietlyOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (isBrokenPipe(error)) process.exit(0);
      throw error;
    });
  }
}
