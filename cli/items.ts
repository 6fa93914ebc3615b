import { Command, Option } from 'commander';
import { clientFor } from './client';
import type { Item } from '../console/src/api/types';
import { ITEM_TYPES } from '../src/repository/domain/item';
import { note, out, outJson, wantsJson } from './output';
import { row } from './terminal';

/** `strata items`: every item (or those matching), parents before children, one tab-separated line each. */
export function itemsCommand(): Command {
  return new Command('items')
    .description('list items: path, type and id, tab-separated, parents before children')
    .addOption(new Option('--type <type>', 'only items of this type').choices(ITEM_TYPES))
    .option('--q <text>', 'only items whose name contains this text (case-insensitive)')
    .option('--as-of <time>', 'as the repository was at this ISO 8601 time')
    .addHelpText(
      'after',
      '\nWith --json: a JSON array of the items (every field but the content; `strata backup` gives bodies).\nNothing matched: no output, a note on stderr, exit 0.',
    )
    .action(async (options: { type?: string; q?: string; asOf?: string }, command: Command) => {
      const client = clientFor(command);
      // The API lists by name; a tree's order needs every path, so they are gathered first (the
      // content, by far the largest part of an item, is dropped as each page arrives).
      const items: Omit<Item, 'content'>[] = [];
      for await (const { content: _content, ...item } of client.pages<Item>('/api/items', { type: options.type, q: options.q, asOf: options.asOf })) {
        items.push(item);
      }
      items.sort((a, b) => comparePaths(a.path, b.path) || compare(a.type, b.type));
      if (wantsJson(command)) outJson(items);
      else for (const item of items) out(row(item.path, item.type, item.id));
      if (items.length === 0) note(`strata: no items matched${describe(options)}`);
    });
}

/** Tree order: by path segment, so a folder comes right before what it holds. */
export function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compare(x[i], y[i]);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(options: { type?: string; q?: string; asOf?: string }): string {
  const parts = [options.type && `of type ${options.type}`, options.q && `named like "${options.q}"`, options.asOf && `as of ${options.asOf}`].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : ' (the repository is empty)';
}
