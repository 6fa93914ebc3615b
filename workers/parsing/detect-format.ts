import { open } from 'node:fs/promises';
import { CHUNK, RECORD_END } from './arcgis-rules-framing';
import { BackupFormat, InvalidBackupError } from './parsed-item';

/** How much of a file `detectFormat` looks at: the root element must start within it. */
export const HEAD_BYTES = 64 * 1024;

const XML_ROOTS = new Map<string, BackupFormat>([
  ['Backup', '1integrate-xml'],
  ['RuleSet', 'arcgis-xml'],
]);

/**
 * The format of a backup, recognised from its first bytes (SPEC §5: the content decides, not
 * the file name): a JSON object is a Strata backup; XML is told apart by its root element,
 * after the XML declaration, comments and processing instructions. A DTD is refused.
 * A 1Integrate for ArcGIS `.rules` file starts with a chunk (0xDD) or, empty, a record's end
 * (0xED): neither can start JSON or XML text (UTF-8 or not).
 */
export function detectFormat(head: Buffer): BackupFormat {
  if (head[0] === CHUNK || head[0] === RECORD_END) return 'arcgis-rules';
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  let at = skipSpace(text, 0);
  if (at === text.length) throw unsupported('The file is empty');
  if (text[at] === '{') return 'strata-json';
  if (text[at] !== '<') throw unsupported(`The file is neither JSON nor XML: it starts with ${excerpt(text, at)}`);
  for (;;) {
    if (text.startsWith('<?', at)) at = skipPast(text, at, '?>');
    else if (text.startsWith('<!--', at)) at = skipPast(text, at, '-->');
    else if (/^<!DOCTYPE/i.test(text.slice(at, at + 9))) throw new InvalidBackupError('XML with a document type declaration (<!DOCTYPE>) is refused');
    else if (text[at] === '<') return rootFormat(text, at + 1);
    else throw unsupported(`Not a backup: unexpected ${excerpt(text, at)} before the XML root element`);
    at = skipSpace(text, at);
  }
}

/** The first `HEAD_BYTES` of a file (fewer if it is shorter). */
export async function readHead(filePath: string): Promise<Buffer> {
  const file = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

function rootFormat(text: string, at: number): BackupFormat {
  const name = /^[^\s/>]+/.exec(text.slice(at, at + 256))?.[0];
  if (name === undefined) throw unsupported(`Not a backup: no XML root element in the first ${HEAD_BYTES} bytes`);
  const local = name.slice(name.indexOf(':') + 1);
  const format = XML_ROOTS.get(local);
  if (!format)
    throw unsupported(
      `Not a backup: the XML root element is <${excerpt(name, 0, false)}>, expected <Backup> (1Integrate) or <RuleSet> (1Integrate for ArcGIS)`,
    );
  return format;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && ' \t\r\n'.includes(text[at])) at++;
  return at;
}

function skipPast(text: string, at: number, end: string): number {
  const found = text.indexOf(end, at);
  if (found === -1) throw unsupported(`Not a backup: no XML root element in the first ${HEAD_BYTES} bytes`);
  return skipSpace(text, found + end.length);
}

/** A short, printable quotation of what was found. */
function excerpt(text: string, at: number, quote = true): string {
  // eslint-disable-next-line no-control-regex
  const shown = text.slice(at, at + 20).replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  return quote ? JSON.stringify(shown) : shown;
}

function unsupported(message: string): InvalidBackupError {
  return new InvalidBackupError(message, 'UNSUPPORTED_FORMAT');
}
