import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { ruleBody } from './rule-bodies';

/**
 * Writes a Strata JSON backup (SPEC §4 layout) of `count` rules spread over folders, for tests
 * that need volume (`tiny`: discovery specifications with empty content, for tests that need many
 * items fast, `describe` to make each rule larger). Streams to disk; returns the number of items.
 */
export async function writeGeneratedBackup(
  file: string,
  count: number,
  scope: 'items' | 'repository' = 'repository',
  /** `describe`: that many characters of description per rule (real items are kilobytes). */
  options: { tiny?: boolean; describe?: number } = {},
) {
  const out = fs.createWriteStream(file);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  const at = '2026-01-01T00:00:00.000Z';
  const meta = { description: '', comments: '', createdBy: 'generator', createdAt: at, lastEditedBy: 'generator', lastEditedAt: at };
  await write(`{"format":"strata-backup","version":1,"scope":"${scope}","createdAt":"${at}","createdBy":"generator","position":"0","items":[\n`);
  const folders = Math.max(1, Math.ceil(count / 500));
  const lines: string[] = [];
  for (let f = 0; f < folders; f++) {
    lines.push(JSON.stringify({ id: randomUUID(), type: 'folder', name: `Generated ${f}`, folderPath: '/', ...meta, content: {} }));
  }
  for (let i = 0; i < count; i++) {
    const folder = `/Generated ${i % folders}`;
    const item = options.tiny ? { type: 'discovery-spec', name: `Specification ${i}`, content: {} } : { type: 'rule', name: `Rule ${i}`, content: ruleBody() };
    const description = options.describe
      ? `Rule ${i}: ${'checks the length of every edge. '.repeat(options.describe / 32 + 1)}`.slice(0, options.describe)
      : '';
    lines.push(JSON.stringify({ id: randomUUID(), folderPath: folder, ...meta, description, ...item }));
    if (lines.length >= 1000) await write(lines.splice(0).join(',\n') + ',\n');
  }
  await write(lines.join(',\n') + '\n]}\n');
  await new Promise<void>((resolve) => out.end(resolve));
  return { folders, items: folders + count };
}
