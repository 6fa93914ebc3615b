import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createTempFileStream } from '../common/temp-file';
import { DomainError } from '../common/errors';

export interface StoredBlob {
  sha256: string;
  size: number;
}

/** A stream received into `tmp/`, hashed, not yet in `blobs/`: commit or discard it. */
export interface ReceivedBlob extends StoredBlob {
  readonly tempPath: string;
}

/**
 * Uploaded files as content-addressed blobs in `<dataDir>/blobs/ab/abcdef…`. A stream is received
 * into a temporary file while it is hashed; only once the command that attaches it has been
 * decided is it moved to its address (issue 18: a refused or broken upload leaves nothing).
 */
export class BlobStore {
  private readonly root: string;
  private readonly tmp: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'blobs');
    this.tmp = path.join(dataDir, 'tmp');
    fs.mkdirSync(this.root, { recursive: true });
    fs.mkdirSync(this.tmp, { recursive: true });
  }

  /** Streams `source` into a temporary file; more than `maxBytes` → 413. On any failure the file is gone. */
  async receive(source: NodeJS.ReadableStream, maxBytes: number): Promise<ReceivedBlob> {
    const tempPath = path.join(this.tmp, `blob-${randomUUID()}`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new DomainError('PAYLOAD_TOO_LARGE', `file is larger than ${maxBytes} bytes`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createTempFileStream(tempPath));
    } catch (error) {
      fs.rmSync(tempPath, { force: true });
      throw error;
    }
    return { sha256: hash.digest('hex'), size, tempPath };
  }

  /** Moves a received blob to its address (the same content may be there already: same bytes). */
  commit(blob: ReceivedBlob): void {
    const target = this.pathOf(blob.sha256);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(blob.tempPath, target);
  }

  /** Removes a received blob's temporary file, if it is still there (a committed one is not). */
  discard(blob: ReceivedBlob): void {
    fs.rmSync(blob.tempPath, { force: true });
  }

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }
}
