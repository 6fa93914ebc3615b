import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { filesUnder } from './data-dir';

/**
 * A clear password for one path of a test: a recognisable core (ASCII, so that a partial echo of
 * it is found too) and characters that JSON, XML and base64 each write their own way.
 */
export function makeSecret(tag: string): string {
  return `pw-${tag}-${randomBytes(6).toString('hex')}-Ä"\\<&>ø`;
}

/** The ways a secret could be written down: raw, its core, JSON- and XML-escaped, base64 (any alignment), hex. */
export function secretForms(secret: string): { form: string; needle: Buffer }[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: { form: string; needle: Buffer }[] = [
    { form: 'raw', needle: bytes },
    { form: 'core', needle: Buffer.from(/^pw-[^-]+-[0-9a-f]+/.exec(secret)![0]) },
    { form: 'JSON-escaped', needle: Buffer.from(JSON.stringify(secret).slice(1, -1)) },
    {
      form: 'JSON-escaped (ASCII)',
      needle: Buffer.from(
        JSON.stringify(secret)
          .slice(1, -1)
          .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
      ),
    },
    { form: 'XML-escaped', needle: Buffer.from(secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')) },
    { form: 'hex', needle: Buffer.from(bytes.toString('hex')) },
    { form: 'HEX', needle: Buffer.from(bytes.toString('hex').toUpperCase()) },
  ];
  // Inside a longer base64 text the secret starts at any of three offsets within a 3-byte group:
  // the characters that encode its bytes alone, for each.
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const inner = b64.slice(offset === 0 ? 0 : 4, -4);
    forms.push({ form: `base64 (offset ${offset})`, needle: Buffer.from(inner) });
    forms.push({ form: `base64url (offset ${offset})`, needle: Buffer.from(inner.replace(/\+/g, '-').replace(/\//g, '_')) });
  }
  return forms;
}

/** Where any of the secrets shows, in any form: "<secret's tag> as <form> in <source>". */
export function findSecrets(secrets: Record<string, string>, sources: { name: string; bytes: Buffer }[]): string[] {
  const found: string[] = [];
  for (const [tag, secret] of Object.entries(secrets)) {
    for (const { form, needle } of secretForms(secret)) {
      for (const source of sources) if (source.bytes.includes(needle)) found.push(`${tag} as ${form} in ${source.name}`);
    }
  }
  return found;
}

/** Every file of a data dir (WAL, -shm, blobs, tmp, key file included) as a scan source. */
export function dataDirSources(dataDir: string): { name: string; bytes: Buffer }[] {
  return filesUnder(dataDir).map((file) => ({ name: path.relative(dataDir, file), bytes: fs.readFileSync(file) }));
}
