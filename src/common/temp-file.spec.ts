import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createTempFileStream } from './temp-file';

describe('createTempFileStream', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-temp-file-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the file, private, before it returns', () => {
    const file = path.join(dir, 'a');
    const out = createTempFileStream(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    out.destroy();
  });

  it('leaves nothing behind when destroyed at once and removed, as a truncated upload is', async () => {
    const file = path.join(dir, 'b');
    const out = createTempFileStream(file);
    out.destroy();
    fs.rmSync(file, { force: true });
    await once(out, 'close');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a file that exists (never writes over another upload)', () => {
    const file = path.join(dir, 'c');
    fs.writeFileSync(file, 'kept');
    expect(() => createTempFileStream(file)).toThrow(/EEXIST/);
    expect(fs.readFileSync(file, 'utf8')).toBe('kept');
  });
});
