import { Command, Option } from 'commander';
import { clientFor } from './client';
import { ITEM_TYPES } from '../src/repository/domain/item';
import { row } from './terminal';

interface Item {
  id: string;
  type: string;
  path: string;
}

/** `strata items`: every item (or those matching), one tab-separated line each. */
export function itemsCommand(): Command {
  return new Command('items')
    .description('list items: path, type and id, tab-separated, ordered by name')
    .addOption(new Option('--type <type>', 'only items of this type').choices(ITEM_TYPES))
    .option('--q <text>', 'only items whose name contains this text (case-insensitive)')
    .option('--as-of <time>', 'as the repository was at this ISO 8601 time')
    .action(async (options: { type?: string; q?: string; asOf?: string }, command: Command) => {
      const client = clientFor(command);
      const items = client.pages<Item>('/api/items', { type: options.type, q: options.q, asOf: options.asOf });
      for await (const item of items) process.stdout.write(row(item.path, item.type, item.id) + '\n');
    });
}
