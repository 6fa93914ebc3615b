import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../common/errors';

export interface StoredBlob {
  sha256: string;
  size: number;
}

/**
 * Uploaded files as content-addressed blobs in `<dataDir>/blobs/ab/abcdef…`. A stream is written
 * to a temporary file while it is hashed, then renamed to its address.
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

  async put(source: NodeJS.ReadableStream, maxBytes: number): Promise<StoredBlob> {
    const temp = path.join(this.tmp, `blob-${randomUUID()}`);
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
      await pipeline(source, meter, fs.createWriteStream(temp, { mode: 0o600 }));
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(temp, target);
      return { sha256, size };
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }
}
