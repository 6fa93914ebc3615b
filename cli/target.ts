import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError } from './errors';
import { isBrokenPipe } from './output';

/** Where a download goes: standard output, a file written in place, or a regular file through `.part`. */
export type Target = { kind: 'stdout' } | { kind: 'in-place'; file: string } | { kind: 'regular'; file: string };

/**
 * `-` is standard output. A name that is not a regular file — a device such as /dev/stdout, a
 * FIFO, a socket, or a symlink to one — is written in place: renaming over it would replace the
 * device or pipe with a file. A symlink to a regular file is followed: the file it points to is
 * replaced (through `.part` beside it), the link stays. Anything else is written to `FILE.part`
 * and renamed when complete, so a failed download never leaves half a file under the name.
 */
export function targetOf(file: string): Target {
  if (file === '-') return { kind: 'stdout' };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file); // follows symlinks
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'regular', file };
    throw new CliError(`cannot write ${file}: ${(error as Error).message}`);
  }
  if (stat.isDirectory()) throw new CliError(`cannot write ${file}: it is a directory`);
  if (!stat.isFile()) return { kind: 'in-place', file };
  return { kind: 'regular', file: fs.realpathSync(file) };
}

/** Streams `body` to the target; returns the bytes written. */
export async function writeTo(target: Target, body: Readable): Promise<number> {
  let bytes = 0;
  body.on('data', (chunk: Buffer) => (bytes += chunk.length));
  if (target.kind === 'stdout') {
    // stdout is never ended: the CLI may still write to it, and Node keeps it open anyway.
    await pipeline(body, process.stdout, { end: false });
    return bytes;
  }
  if (target.kind === 'in-place') {
    await pipeline(body, fs.createWriteStream(target.file, { flags: 'w' }));
    return bytes;
  }
  const partial = `${target.file}.part`;
  try {
    await pipeline(body, fs.createWriteStream(partial));
    fs.renameSync(partial, target.file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return bytes;
}

/** The download's failure as the CLI reports it (a reader that went away is passed on as it is). */
export function downloadFailure(file: string, error: unknown): unknown {
  if (isBrokenPipe(error) || error instanceof CliError) return error;
  return new CliError(`download of ${file} failed: ${(error as Error).message}`);
}

/** What was written, as messages name it. */
export function describeTarget(target: Target, given: string): string {
  return target.kind === 'stdout' ? 'standard output' : given;
}
