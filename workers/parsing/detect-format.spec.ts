import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detectFormat, HEAD_BYTES, readHead } from './detect-format';
import { InvalidBackupError } from './parsed-item';

const detect = (text: string | Buffer) => detectFormat(Buffer.isBuffer(text) ? text : Buffer.from(text));

function refusal(text: string | Buffer): InvalidBackupError {
  try {
    detect(text);
  } catch (error) {
    if (error instanceof InvalidBackupError) return error;
    throw error;
  }
  throw new Error('expected an InvalidBackupError');
}

const FIXTURES = path.join(__dirname, '../../test/fixtures/1integrate');

describe('detectFormat', () => {
  it('recognises a JSON object as a Strata backup, after a BOM and whitespace', () => {
    expect(detect('{"format":"strata-backup"')).toBe('strata-json');
    expect(detect('\uFEFF \r\n\t{')).toBe('strata-json');
  });

  it('recognises legacy 1Integrate XML by its <Backup> root, after the declaration, comments and PIs', () => {
    const text = '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- exported -->\n<?pi data?>\n<Backup xmlns="http://schema.onespatial.com/radius/studio/v2">';
    expect(detect(text)).toBe('1integrate-xml');
    expect(detect('<Backup/>')).toBe('1integrate-xml');
    expect(detect('<s:Backup xmlns:s="x">')).toBe('1integrate-xml');
  });

  it('recognises a 1Integrate for ArcGIS export by its <RuleSet> root', () => {
    expect(detect('<?xml version="1.0"?>\n<RuleSet name="Roads">')).toBe('arcgis-xml');
  });

  it('recognises a 1Integrate for ArcGIS .rules file by its first byte: a chunk, or the end of an empty record', () => {
    expect(detect(Buffer.from([0xdd, 0x0c, 0x3a, 0x7b, 0x22]))).toBe('arcgis-rules');
    expect(detect(Buffer.from([0xed]))).toBe('arcgis-rules');
    expect(refusal(Buffer.from([0x20, 0xdd, 0x00])).code).toBe('UNSUPPORTED_FORMAT');
  });

  it.each([
    ['legacy-xml', '.xml', '1integrate-xml'],
    ['arcgis', '.xml', 'arcgis-xml'],
    ['arcgis-rules', '.rules', 'arcgis-rules'],
  ])('recognises the real fixtures in %s', (dir, extension, format) => {
    const folder = path.join(FIXTURES, dir);
    const files = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(extension)) : [];
    for (const name of files) expect(detectFormat(readFileSync(path.join(folder, name)).subarray(0, HEAD_BYTES))).toBe(format);
  });

  it('refuses a DTD', () => {
    const error = refusal('<?xml version="1.0"?>\n<!DOCTYPE Backup [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Backup>&x;</Backup>');
    expect(error.code).toBe('INVALID_BACKUP');
    expect(error.message).toMatch(/DOCTYPE/);
  });

  it.each([
    ['an unknown XML root', '<?xml version="1.0"?><html>', /<html>/],
    ['a JSON array', '[1,2]', /neither JSON nor XML: it starts with "\[1,2\]"/],
    ['plain text', 'hello world', /"hello world"/],
    ['binary data', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00]), /"PK\?\?\?\?"/],
    ['an empty file', '', /empty/],
    ['whitespace only', ' \n ', /empty/],
    ['an unterminated comment', '<!-- no end', /no XML root element/],
    ['a root named like an Object member', '<constructor>', /<constructor>/],
  ])('refuses %s as UNSUPPORTED_FORMAT, naming what it found', (_, text, message) => {
    const error = refusal(text);
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toMatch(message);
  });
});

describe('readHead', () => {
  it('reads at most HEAD_BYTES of a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'strata-head-'));
    const small = path.join(dir, 'small.json');
    const big = path.join(dir, 'big.json');
    writeFileSync(small, '{}');
    writeFileSync(big, Buffer.alloc(HEAD_BYTES * 2, 0x20));
    expect((await readHead(small)).toString()).toBe('{}');
    expect((await readHead(big)).length).toBe(HEAD_BYTES);
  });
});
