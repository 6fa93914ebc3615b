import { outcomeLine, typeColumnWidth } from './restore';

describe('strata restore: the report', () => {
  it('sizes the type column for a million-item report (too many arguments for one Math.max call)', () => {
    const items = Array.from({ length: 1_000_000 }, (_, i) => ({ type: i === 765_432 ? 'discoverySpecification' : 'rule' }));
    expect(typeColumnWidth(items)).toBe('discoverySpecification'.length);
  });

  it('keeps at least the header width of 4 for short types, and for none', () => {
    expect(typeColumnWidth([{ type: 'x' }])).toBe(4);
    expect(typeColumnWidth([])).toBe(4);
  });

  it('pads the type to the width and shows where a renamed item went', () => {
    const line = outcomeLine({ file: 'b.json', sourcePath: '/F/Rule', path: '/F/Rule 2', type: 'rule', status: 'renamed', warnings: [] }, 6);
    expect(line).toBe('renamed   rule    /F/Rule -> /F/Rule 2');
  });
});
