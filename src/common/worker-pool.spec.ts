import { Logger } from '@nestjs/common';
import path from 'node:path';
import type Piscina from 'piscina';
import { createWorkerPool } from './worker-pool';

describe('createWorkerPool', () => {
  const worker = path.resolve(__dirname, '../../test/fixtures/workers/double.js');
  let pool: Piscina<number, number>;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    pool = createWorkerPool<number, number>('Doubler', { filename: worker, maxThreads: 1 });
  });

  afterEach(async () => {
    await pool.destroy();
    warn.mockRestore();
  });

  it('runs tasks on the worker', async () => {
    await expect(pool.run(21)).resolves.toBe(42);
  });

  // What Piscina does with an answer whose task is gone (see worker-pool.ts): emit it on the pool.
  it("logs what Piscina emits as the pool's error instead of throwing it, and goes on running tasks", async () => {
    const stray = new Error("Unexpected message from Worker: { taskId: 5, result: null, error: { name: 'InvalidBackupError' } }");
    expect(() => pool.emit('error', stray)).not.toThrow();
    expect(warn).toHaveBeenCalledWith(`a worker reported what belongs to no task (ignored): ${stray.message}`);
    await expect(pool.run(4)).resolves.toBe(8);
  });
});
