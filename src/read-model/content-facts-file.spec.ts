import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContentFactsFile } from './content-facts-file';
import type { ContentFacts } from './item-projection';

const factsOf = (n: number): ContentFacts => ({
  contentAt: 100 + n,
  complete: n % 3 !== 0,
  refs:
    n % 2
      ? [
          { field: 'template_id', targetId: `t${n}` },
          { field: 'tasks.rules', targetId: `r${n}` },
        ]
      : [],
});

describe('ContentFactsFile', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-facts-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives each item its facts as the projection meets its events, in the order they were added', () => {
    const file = new ContentFactsFile(path.join(dir, 'f.db'), 'restore-1');
    // More than a read's worth of rows, added a page at a time; item 5 is given twice (two events).
    const ids = [...Array.from({ length: 2_500 }, (_, n) => `i${n}`), 'i5'];
    for (let from = 0; from < ids.length; from += 100) file.add(ids.slice(from, from + 100).map((itemId, k) => ({ itemId, facts: factsOf(from + k) })));
    expect(file.of('i0')).toBeUndefined(); // not sealed: nothing is read before the batch is whole
    file.seal();
    expect(() => file.add([{ itemId: 'late', facts: factsOf(0) }])).toThrow(/before they are read/);
    const met = ids.map((id) => file.of(id));
    expect(met).toEqual(ids.map((_, n) => factsOf(n)));
    expect(file.of('i0')).toBeUndefined(); // all met
    file.close();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('leaves a row for the event it is of when an event without facts comes first', () => {
    const file = new ContentFactsFile(path.join(dir, 'f.db'), 'restore-1');
    file.add([
      { itemId: 'a', facts: factsOf(1) },
      { itemId: 'c', facts: factsOf(3) },
    ]);
    file.seal();
    // A folder (b) has no row: a, b, c in log order.
    expect([file.of('a'), file.of('b'), file.of('c')]).toEqual([factsOf(1), undefined, factsOf(3)]);
    file.close();
  });
});
