import { TextLines } from './text-lines';

/** `text` as UTF-8 bytes in chunks of `size` bytes (splitting characters and the BOM). */
async function* bytes(text: string, size: number): AsyncGenerator<Buffer> {
  const all = Buffer.from(text);
  for (let at = 0; at < all.length; at += size) yield all.subarray(at, at + size);
}

async function allLines(lines: TextLines, max = 1 << 20): Promise<string[]> {
  const found: string[] = [];
  for (let line = await lines.nextLine(max); line !== undefined; line = await lines.nextLine(max)) found.push(line);
  return found;
}

async function restOf(lines: TextLines): Promise<string> {
  let text = '';
  for await (const chunk of lines.rest()) text += chunk;
  return text;
}

describe('TextLines', () => {
  const text = '\uFEFFfirst é line\nsecond — ünïcode 𝄞\n\nlast, no newline';

  it.each([1, 2, 3, 5, 64])('reads lines across chunks of %i bytes, BOM dropped, characters whole', async (size) => {
    const lines = new TextLines(bytes(text, size));
    expect(await allLines(lines)).toEqual(['first é line', 'second — ünïcode 𝄞', '']);
    expect(lines.line).toBe(4);
    expect(await restOf(lines)).toBe('last, no newline');
  });

  it('reads string chunks too', async () => {
    const lines = new TextLines(['a\nb', 'c\n', 'd']);
    expect(await allLines(lines)).toEqual(['a', 'bc']);
    expect(await restOf(lines)).toBe('d');
  });

  it('declines a line longer than the bound, consuming nothing', async () => {
    const lines = new TextLines(bytes('short\nmuch longer line\nend\n', 4));
    expect(await lines.nextLine(8)).toBe('short');
    expect(await lines.nextLine(8)).toBeUndefined();
    expect(await lines.nextLine(8)).toBeUndefined();
    expect(lines.line).toBe(2);
    expect(await restOf(lines)).toBe('much longer line\nend\n');
  });

  it('puts a line back in front of the text', async () => {
    const lines = new TextLines(bytes('one\ntwo\nthree', 3));
    const one = await lines.nextLine(100);
    expect(one).toBe('one');
    lines.unread(one!);
    expect(lines.line).toBe(1);
    expect(await lines.nextLine(100)).toBe('one');
    const two = await lines.nextLine(100);
    lines.unread(two!);
    expect(await restOf(lines)).toBe('two\nthree');
  });

  it('keeps a text that is only a BOM, or shorter than one, as it is', async () => {
    expect(await restOf(new TextLines(bytes('\uFEFF', 1)))).toBe('');
    expect(await restOf(new TextLines(['\u00ef']))).toBe('\u00ef');
    expect(await restOf(new TextLines([]))).toBe('');
  });
});
