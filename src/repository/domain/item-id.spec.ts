import { newItemId } from './item-id';

const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newItemId', () => {
  it('makes version 7 UUIDs that start with the time they were made', () => {
    const before = Date.now();
    const id = newItemId();
    const after = Date.now();
    expect(id).toMatch(VERSION_7);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('makes ids that sort in the order they were made, also many within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => newItemId());
    expect(new Set(ids.map((id) => id.slice(0, 13))).size).toBeLessThan(ids.length); // some share a millisecond
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
  });
});
