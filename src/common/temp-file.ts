import fs from 'node:fs';

/**
 * A write stream to a new private temporary file that exists when this returns. A write stream
 * left to open its file itself, then destroyed before that open finished (a truncated upload),
 * creates the file after the cleanup has looked for it, and the file stays behind: a truncated
 * multipart restore left one in `tmp/` in CI (Node 20, one run in many).
 */
export function createTempFileStream(file: string): fs.WriteStream {
  return fs.createWriteStream(file, { fd: fs.openSync(file, 'wx', 0o600) });
}
