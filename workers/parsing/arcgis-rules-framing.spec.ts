import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { FILE_NESTING_CEILING } from '../../src/repository/domain/limits';
import { RecordPiece, recordPieces } from './arcgis-rules-framing';
import { NumberText, RecordContent, RecordReader } from './arcgis-rules-record';
import { pieces, rulesFile } from './arcgis-rules.spec-support';
import { InvalidBackupError } from './parsed-item';

const FIXTURES = join(__dirname, '../../test/fixtures/1integrate/arcgis-rules');
const FILES = readdirSync(FIXTURES).filter((f) => f.endsWith('.rules'));

/** Every record's bytes, reassembled from the pieces the framing yields. */
async function recordsOf(input: AsyncIterable<Uint8Array>): Promise<Buffer[]> {
  const records: Buffer[] = [];
  let current: Buffer[] = [];
  let expected = 0;
  for await (const piece of recordPieces(input)) {
    if (piece.record !== expected) throw new Error(`piece of record ${piece.record} while reading record ${expected}`);
    if ('bytes' in piece) current.push(Buffer.from(piece.bytes));
    else {
      records.push(Buffer.concat(current));
      current = [];
      expected++;
    }
  }
  return records;
}

/** Reads one record through RecordReader, its bytes cut into chunks at `cuts`. */
async function readRecord(bytes: Buffer, cuts: number[], maxBytes = 1 << 20): Promise<RecordContent> {
  const reader = new RecordReader(maxBytes);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    await reader.push(bytes.subarray(from, cut));
    from = cut;
  }
  return reader.end();
}

async function framingError(bytes: Buffer, size = 5): Promise<string> {
  try {
    for await (const _ of recordPieces(pieces(bytes, size)));
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidBackupError);
    return (error as Error).message;
  }
  throw new Error('expected the framing to fail');
}

describe('recordPieces (the framing of .rules files)', () => {
  it.each(FILES)(
    'cuts %s into the same records whatever the read size, every record JSON',
    async (file) => {
      const bytes = readFileSync(join(FIXTURES, file));
      const whole = await recordsOf(pieces(bytes, bytes.length));
      expect(whole.length).toBeGreaterThan(8);
      const manifest = JSON.parse(whole[0].toString('utf8'));
      expect(manifest.intent).toBe('rule_author_ruleset');
      expect(whole.length).toBe(manifest.items.length + 1);
      for (const size of [2, 3, 7, 4093]) expect(await recordsOf(pieces(bytes, size))).toEqual(whole);
      for (const record of whole.filter((r) => r.length > 0)) expect(() => JSON.parse(record.toString('utf8'))).not.toThrow();
    },
    30_000,
  );

  it('reads a record spanning many chunks, and empty records (a bare 0xED)', async () => {
    const long = { text: 'x'.repeat(20_000) };
    const bytes = rulesFile([{ a: 1 }, null, long, null], 4093);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xdd, 0, 7]));
    const records = await recordsOf(pieces(bytes, 1000));
    expect(records.map((r) => r.toString('utf8'))).toEqual(['{"a":1}', '', JSON.stringify(long), '']);
    const chunks: RecordPiece[] = [];
    for await (const piece of recordPieces(pieces(bytes, bytes.length))) chunks.push(piece);
    // 20,011 bytes in chunks of at most 4093: five chunks, each yielded without being gathered.
    expect(chunks.filter((p) => p.record === 2 && 'bytes' in p)).toHaveLength(5);
  });

  it('accepts empty chunks and chunks longer than Rule Author writes', async () => {
    const bytes = Buffer.concat([Buffer.from([0xdd, 0, 0, 0xdd, 0x20, 0x00]), Buffer.alloc(0x2000, 0x20), Buffer.from([0xed])]);
    expect((await recordsOf(pieces(bytes, 100))).map((r) => r.length)).toEqual([0x2000]);
  });

  it.each([
    [
      'a byte that is neither a chunk nor the end of a record',
      Buffer.from([0xdd, 0, 2, 0x7b, 0x7d, 0xed, 0x7b]),
      /byte 6 is 0x7B where a chunk \(0xDD\) or the end of record 1 \(0xED\) must start/,
    ],
    [
      'a file that ends inside a chunk header',
      Buffer.from([0xdd, 0, 2, 0x7b, 0x7d, 0xed, 0xdd, 0x01]),
      /ends early.*chunk at byte 6 \(record 1\) has no complete length/,
    ],
    [
      'a length past the end of the file',
      Buffer.from([0xdd, 0x0f, 0xfd, 0x7b, 0x7d]),
      /ends early.*chunk at byte 0 \(record 0\) declares 4093 bytes but only 2 follow/,
    ],
    ['a record without its end marker', rulesFile([{ a: 1 }]).subarray(0, -1), /ends early.*record 0 has no end marker \(0xED\)/],
  ])('refuses %s, saying where', async (_name, bytes, message) => {
    expect(await framingError(bytes)).toMatch(message);
  });
});

describe('RecordReader (one record: UTF-8, then JSON)', () => {
  const text = '{"name":"Café – 𝄞 ✓","n":15.0,"list":[0.0,-2e3,true,null]}';
  const bytes = Buffer.from(text, 'utf8');

  it('decodes characters split between chunks at every byte boundary', async () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      const read = await readRecord(bytes, [cut]);
      expect(read).toEqual({ value: { name: 'Café – 𝄞 ✓', n: new NumberText('15.0'), list: [new NumberText('0.0'), new NumberText('-2e3'), true, null] } });
    }
    expect(
      await readRecord(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(await readRecord(bytes, []));
  });

  it('keeps numbers as written', async () => {
    const read = await readRecord(Buffer.from('[15.0, 3, 1e-7, 0.10]'), []);
    expect(read).toEqual({ value: ['15.0', '3', '1e-7', '0.10'].map((t) => new NumberText(t)) });
  });

  it('reads nothing as an empty record', async () => {
    expect(await readRecord(Buffer.alloc(0), [])).toEqual({ empty: true });
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'it is not valid UTF-8'],
    ['a record ending inside a character', Buffer.concat([Buffer.from('"caf'), Buffer.from([0xc3])]), 'it is not valid UTF-8 (it ends inside a character)'],
    ['invalid JSON', Buffer.from('{"a":[1,}'), 'it is not valid JSON: expected a value (at character 9)'],
    ['JSON cut short', Buffer.from('{"a":1'), /^it is not valid JSON: /],
    ['two JSON values', Buffer.from('{"a":1} {"b":2}'), /^it is not valid JSON: unexpected characters/],
    ['only spaces', Buffer.from('   '), /^it is not valid JSON: /],
    [
      'JSON nested past the ceiling',
      Buffer.from('['.repeat(FILE_NESTING_CEILING + 1) + ']'.repeat(FILE_NESTING_CEILING + 1)),
      `its JSON is nested deeper than ${FILE_NESTING_CEILING} levels`,
    ],
  ])('says why it cannot read %s', async (_name, record, problem) => {
    const read = await readRecord(record, [1, 2]);
    expect('problem' in read && read.problem).toEqual(typeof problem === 'string' ? problem : expect.stringMatching(problem));
  });

  it('reads JSON nested up to the ceiling', async () => {
    const deep = Buffer.from('['.repeat(FILE_NESTING_CEILING) + ']'.repeat(FILE_NESTING_CEILING));
    expect(await readRecord(deep, [100])).toHaveProperty('value');
  });

  it('does not gather a record larger than the limit, and says so', async () => {
    const big = Buffer.from(JSON.stringify({ text: 'y'.repeat(5000) }));
    expect(await readRecord(big, [1000, 2000], 4096)).toEqual({ problem: 'it is larger than the limit of 4096 bytes' });
    expect(await readRecord(big, [1000, 2000], 8192)).toHaveProperty('value');
  });

  it('refuses a million nested arrays quickly, without overflowing the stack', async () => {
    const depth = 1_000_000;
    const hostile = Buffer.from('['.repeat(depth) + ']'.repeat(depth));
    const started = Date.now();
    const cuts = Array.from({ length: Math.floor(hostile.length / 4093) }, (_, i) => (i + 1) * 4093);
    expect(await readRecord(hostile, cuts, 64 << 20)).toEqual({ problem: `its JSON is nested deeper than ${FILE_NESTING_CEILING} levels` });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
