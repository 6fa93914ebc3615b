import { projectsInBulk } from './projector';

describe('projectsInBulk', () => {
  it.each([
    [19_999, 0, false], // too small to be worth rebuilding indexes
    [20_000, 0, true],
    [100_200, 0, true], // a 100,000-item restore into an empty repository
    [100_200, 99_000, true],
    [10_100, 100_000, false], // a 10% change over 100,000 items
    [100_700, 200_000, true], // a rollback of 100,000 items after as many edits (52 s event by event, 30 s in bulk)
    [25_000, 100_000, false], // a quarter of what the view holds: updating its indexes costs less than sorting them all
    [25_001, 100_000, true],
    [250_000, 1_000_000, false],
    [1_001_000, 0, true], // a 1,000,000-item restore into an empty repository
    [2_000_000, 0, true],
    [2_000_001, 0, false], // one transaction's WAL would hold all of it: a rebuild of a long log goes the usual way
  ])('a backlog of %i events over %i versions: %s', (backlog, versions, bulk) => {
    expect(projectsInBulk(backlog, versions)).toBe(bulk);
  });
});
