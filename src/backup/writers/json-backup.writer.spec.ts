import type { BackupHeader, BackupItem } from '../backup-item';
import { strataJsonChunks } from './json-backup.writer';
import { BACKUP_ITEM_FIELDS } from '../../../test/support/backup-layout';

const header: BackupHeader = { scope: 'items', createdAt: '2026-11-26T10:00:00.000Z', createdBy: 'alice', position: '1234' };

function item(n: number, extra: Partial<BackupItem> = {}): BackupItem {
  return {
    id: `id-${n}`,
    type: 'rule',
    name: `Rule ${n}`,
    folderPath: '/Standard',
    description: '',
    comments: '',
    createdBy: '1Spatial',
    createdAt: '2017-01-03T01:13:12.000Z',
    lastEditedBy: 'alice',
    lastEditedAt: '2026-11-26T10:00:00.000Z',
    content: { rootTerm: { kind: 'Check' } },
    ...extra,
  };
}

async function* from<T>(values: T[]): AsyncGenerator<T> {
  yield* values;
}

async function write(items: BackupItem[]): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of strataJsonChunks(header, from(items))) chunks.push(chunk);
  return chunks;
}

const HEADER_LINE =
  '{"format":"strata-backup","version":1,"scope":"items","createdAt":"2026-11-26T10:00:00.000Z","createdBy":"alice","position":"1234","items":[';

describe('strataJsonChunks', () => {
  it('writes a valid document with no items', async () => {
    const text = (await write([])).join('');
    expect(text).toBe(`${HEADER_LINE}\n]}\n`);
    expect(JSON.parse(text)).toEqual({ format: 'strata-backup', version: 1, ...header, items: [] });
  });

  it('writes the header line, one item per line with commas between, and ]} last', async () => {
    const lines = (await write([item(1), item(2)])).join('').split('\n');
    expect(lines).toEqual([HEADER_LINE, `${JSON.stringify(item(1))},`, JSON.stringify(item(2)), ']}', '']);
  });

  it('writes the item keys in the SPEC order, whatever order the item object has', async () => {
    const reordered = Object.fromEntries(Object.entries(item(1)).reverse()) as unknown as BackupItem;
    const [, line] = (await write([reordered])).join('').split('\n');
    expect(Object.keys(JSON.parse(line))).toEqual(BACKUP_ITEM_FIELDS);
  });

  it('keeps an item on one line when its strings hold line breaks', async () => {
    const text = (await write([item(1, { description: 'two\nlines\r\n', comments: 'a\u2028b' })])).join('');
    expect(text.split('\n')).toHaveLength(4);
    expect(JSON.parse(text).items[0].description).toBe('two\nlines\r\n');
  });

  it('yields chunks of bounded size whose concatenation is the document', async () => {
    const items = Array.from({ length: 2000 }, (_, n) => item(n, { description: 'x'.repeat(500) }));
    const chunks = await write(items);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(64 * 1024 + 1024);
    const parsed = JSON.parse(chunks.join(''));
    expect(parsed.items).toHaveLength(2000);
    expect(parsed.items[1999]).toEqual(items[1999]);
  });
});
