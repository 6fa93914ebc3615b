import fs from 'node:fs';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface EditedBackup {
  items: number;
  /** Item lines whose description was changed. */
  changed: number;
  bytes: number;
}

/** The description an item line (0-based, in file order) gets, or null to keep the line as it is. */
export type Describe = (index: number) => string | null;

/**
 * Copies a Strata JSON backup written one item per line (the generator's and the service's layout),
 * streamed line by line, changing the description of the item lines `describe` picks: that line is
 * JSON.parsed, its `description` set, JSON.stringified, and its trailing comma kept. Every other
 * line is copied as it is, so ids, order and everything else stay the same.
 */
export async function editBackup(source: string, target: string, describe: Describe): Promise<EditedBackup> {
  let items = 0;
  let changed = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(source, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  const edited = async function* () {
    let chunk = '';
    for await (const line of lines) {
      let out = line;
      if (line.startsWith('{"id"')) {
        const description = describe(items++);
        if (description !== null) {
          const comma = line.endsWith(',');
          const item = JSON.parse(comma ? line.slice(0, -1) : line) as Record<string, unknown>;
          item.description = description;
          out = `${JSON.stringify(item)}${comma ? ',' : ''}`;
          changed++;
        }
      }
      chunk += `${out}\n`;
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  };
  await pipeline(Readable.from(edited()), fs.createWriteStream(target));
  return { items, changed, bytes: fs.statSync(target).size };
}

/** The "10% changed" backup: every 10th item line (index % 10 === 0) gets a new description. */
export const TENTH_EDIT: Describe = (index) => (index % 10 === 0 ? `strata-bench 10% edit of item ${index}` : null);

/**
 * Edit round `round` (0–9): the items of rounds 0…round carry their round's description, so the
 * file differs from the repository after round − 1 in exactly the items with index % 10 === round,
 * and after round 9 every item has been edited once by the rounds.
 */
export function roundEdit(round: number): Describe {
  return (index) => (index % 10 <= round ? `strata-bench round ${index % 10} edit of item ${index}` : null);
}

/** The round whose edit a description carries, or null. */
export function roundOf(description: unknown): number | null {
  const match = /^strata-bench round (\d) edit/.exec(String(description ?? ''));
  return match ? Number(match[1]) : null;
}
