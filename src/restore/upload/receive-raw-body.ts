import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { DomainError } from '../../common/errors';
import { createTempFileStream } from '../../common/temp-file';
import type { UploadedFile } from './receive-upload';

/**
 * Streams a raw request body (a backup sent as `application/json` or `application/xml`) to a
 * temporary file while hashing it; more than `maxBytes` → 413.
 */
export async function receiveRawBody(req: Request, tmpDir: string, maxBytes: number, name: string): Promise<UploadedFile> {
  const file: UploadedFile = { name, path: path.join(tmpDir, `upload-${randomUUID()}`), bytes: 0, sha256: '' };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new DomainError('PAYLOAD_TOO_LARGE', `the body is larger than ${maxBytes} bytes`);
  const hash = createHash('sha256');
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      file.bytes += chunk.length;
      if (file.bytes > maxBytes) return done(new DomainError('PAYLOAD_TOO_LARGE', `the body is larger than ${maxBytes} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, meter, createTempFileStream(file.path));
  } catch (error) {
    fs.rmSync(file.path, { force: true });
    throw error instanceof DomainError ? error : new DomainError('VALIDATION_FAILED', `the body could not be read: ${(error as Error).message}`);
  }
  file.sha256 = hash.digest('hex');
  return file;
}
