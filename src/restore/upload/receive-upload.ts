import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { DomainError } from '../../common/errors';
import { createTempFileStream } from '../../common/temp-file';

export interface UploadedFile {
  /** The client's file name (as given; used in reports only). */
  name: string;
  /** Where it was streamed to, in the data dir's tmp folder. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface UploadOptions {
  tmpDir: string;
  maxBytes: number;
  /** Multipart field names whose files are taken (others are refused). */
  fields: readonly string[];
  maxFiles?: number;
}

/**
 * Streams the files of a multipart/form-data request to temporary files, hashing them on the
 * way: never held in memory. Larger than `maxBytes` → 413; nothing but files → 400.
 * The caller removes the files (see `removeUploads`).
 */
export async function receiveUploads(req: Request, options: UploadOptions): Promise<UploadedFile[]> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    throw new DomainError('VALIDATION_FAILED', 'send the files as multipart/form-data (field "files")');
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { fileSize: options.maxBytes, files: options.maxFiles ?? 100, fields: 20 } });
  } catch (error) {
    throw new DomainError('VALIDATION_FAILED', `malformed multipart request: ${(error as Error).message}`);
  }
  const files: UploadedFile[] = [];
  const streams: Readable[] = [];
  const writes: Promise<void>[] = [];
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= asUploadError(error);
  };

  parser.on('file', (field, stream, info) => {
    if (!options.fields.includes(field)) {
      stream.resume();
      fail(new DomainError('VALIDATION_FAILED', `unexpected file field "${field}"; use "${options.fields[0]}"`));
      return;
    }
    const file: UploadedFile = {
      name: info.filename || `upload-${files.length + 1}`,
      path: path.join(options.tmpDir, `upload-${randomUUID()}`),
      bytes: 0,
      sha256: '',
    };
    let out: fs.WriteStream;
    try {
      out = createTempFileStream(file.path);
    } catch (error) {
      stream.resume();
      fail(error as Error);
      return;
    }
    files.push(file);
    streams.push(stream);
    const hash = createHash('sha256');
    stream.on('limit', () => fail(new DomainError('PAYLOAD_TOO_LARGE', `"${file.name}" is larger than ${options.maxBytes} bytes`)));
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        file.bytes += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    writes.push(
      pipeline(stream, meter, out).then(
        () => void (file.sha256 = hash.digest('hex')),
        (error: Error) => fail(error),
      ),
    );
  });
  parser.on('filesLimit', () => fail(new DomainError('VALIDATION_FAILED', 'too many files in one request')));

  try {
    await pipeline(req, parser);
  } catch (error) {
    fail(error as Error);
  }
  // A truncated or refused request may leave a file part open: stop it, and let every temporary
  // file be written and closed before any is removed (each exists from its part's start).
  if (failure) for (const stream of streams) stream.destroy();
  await Promise.all(writes);
  if (!failure && files.length === 0) fail(new DomainError('VALIDATION_FAILED', `no file in the request (field "${options.fields[0]}")`));
  if (failure) {
    removeUploads(files);
    throw failure;
  }
  return files;
}

/**
 * What the client is told: our own refusals as they are, the file system's failures as they are
 * (a server error), and anything else, which busboy raised about the request (a truncated form
 * ends the file part with the same error as the request), as a malformed request.
 */
function asUploadError(error: Error): Error {
  if (error instanceof DomainError || 'syscall' in error) return error;
  return new DomainError('VALIDATION_FAILED', `malformed multipart request: ${error.message}`);
}

export function removeUploads(files: readonly UploadedFile[]): void {
  for (const f of files) fs.rmSync(f.path, { force: true });
}
