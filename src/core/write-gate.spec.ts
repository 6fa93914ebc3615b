import { DomainError } from '../common/errors';
import { WriteGate } from './write-gate';

describe('WriteGate', () => {
  it('runs writes one at a time, in arrival order', async () => {
    const gate = new WriteGate();
    const log: string[] = [];
    const slow = (name: string, ms: number) =>
      gate.run(async () => {
        log.push(`${name} start`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${name} end`);
      });
    await Promise.all([slow('a', 20), slow('b', 1), slow('c', 5)]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('keeps going after a failed write', async () => {
    const gate = new WriteGate();
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses other writes and restores while a full restore holds it, and frees it after', async () => {
    const gate = new WriteGate();
    let release!: () => void;
    const restore = gate.exclusive('r1', () => new Promise<void>((r) => (release = r)));
    const refused = (work: () => Promise<unknown>) =>
      expect(work()).rejects.toMatchObject({ code: 'RESTORE_IN_PROGRESS', extra: { restoreId: 'r1' } } satisfies Partial<DomainError>);
    await refused(() => gate.run(async () => 1));
    await refused(() => gate.exclusive('r2', async () => 2));
    expect(() => gate.assertWritable()).toThrow(DomainError);
    expect(gate.restoreInProgress).toBe('r1');
    await new Promise((r) => setImmediate(r));
    release();
    await restore;
    expect(gate.restoreInProgress).toBeNull();
    await expect(gate.run(async () => 'after')).resolves.toBe('after');
  });

  it('lets a full restore wait for the writes queued before it', async () => {
    const gate = new WriteGate();
    const log: string[] = [];
    const write = gate.run(async () => {
      await new Promise((r) => setTimeout(r, 10));
      log.push('write');
    });
    await gate.exclusive('r', async () => log.push('restore'));
    await write;
    expect(log).toEqual(['write', 'restore']);
  });
});
