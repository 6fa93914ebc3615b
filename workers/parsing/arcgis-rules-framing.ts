import { InvalidBackupError } from './parsed-item';

/** Starts a chunk: then its length (16 bits, big-endian), then that many bytes of the record. */
export const CHUNK = 0xdd;
/** Ends a record (a record with no chunk is a bare 0xED: empty). */
export const RECORD_END = 0xed;

/** Part of record `record`'s bytes (`at`: its offset in the file), or the end of that record. */
export type RecordPiece = { record: number; at: number; bytes: Uint8Array } | { record: number; end: true };

/**
 * Cuts the bytes of a 1Integrate for ArcGIS `.rules` file (SPEC §8) into its records, as they
 * arrive: yields the payload of each chunk (in slices of the input, never copied or gathered, so
 * memory does not depend on the size of a chunk or a record) and the end of each record.
 *
 * Rule Author writes chunks of at most 4093 bytes; longer ones are accepted (the 16-bit length
 * bounds them) since nothing else in the framing depends on it. A byte that is neither a chunk
 * nor the end of a record where one must start, a file that ends inside a chunk, or a last record
 * without its end marker is a broken file: InvalidBackupError saying at which byte.
 */
export async function* recordPieces(input: AsyncIterable<Uint8Array>): AsyncGenerator<RecordPiece> {
  const at = new Framing();
  for await (const buffer of input) {
    let i = 0;
    while (i < buffer.length) {
      if (at.remaining > 0) {
        const n = Math.min(at.remaining, buffer.length - i);
        yield { record: at.record, at: at.offset + i, bytes: buffer.subarray(i, i + n) };
        at.remaining -= n;
        i += n;
      } else if (at.header < 3) {
        at.takeHeaderByte(buffer[i]);
        i++;
      } else if (buffer[i] === CHUNK) {
        at.startChunk(at.offset + i);
        i++;
      } else if (buffer[i] === RECORD_END) {
        yield { record: at.record, end: true };
        at.endRecord();
        i++;
      } else {
        throw new InvalidBackupError(
          `not a valid .rules file: byte ${at.offset + i} is 0x${hex(buffer[i])} where a chunk (0xDD) or the end of record ${at.record} (0xED) must start`,
        );
      }
    }
    at.offset += buffer.length;
  }
  at.checkEnd();
}

/** Where the framing stands: the record being read and the chunk inside it. */
class Framing {
  record = 0;
  /** File offset of the current input buffer. */
  offset = 0;
  /** Payload bytes of the current chunk still to come. */
  remaining = 0;
  /** Bytes of the current chunk's header (marker and length) seen; 3 when not inside one. */
  header = 3;
  private length = 0;
  private chunkAt = 0;
  /** The current record has a chunk (so it must still be ended). */
  private open = false;

  startChunk(offset: number): void {
    this.chunkAt = offset;
    this.header = 1;
    this.length = 0;
    this.open = true;
  }

  takeHeaderByte(byte: number): void {
    this.length = (this.length << 8) | byte;
    this.header++;
    if (this.header === 3) this.remaining = this.length;
  }

  endRecord(): void {
    this.record++;
    this.open = false;
  }

  checkEnd(): void {
    const chunk = `the chunk at byte ${this.chunkAt} (record ${this.record})`;
    if (this.header < 3) throw truncated(`${chunk} has no complete length`);
    if (this.remaining > 0) {
      throw truncated(`${chunk} declares ${this.length} bytes but only ${this.length - this.remaining} follow`);
    }
    if (this.open) throw truncated(`record ${this.record} has no end marker (0xED)`);
  }
}

function truncated(what: string): InvalidBackupError {
  return new InvalidBackupError(`the .rules file ends early (truncated?): ${what}`);
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
