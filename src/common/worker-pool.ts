import { Logger } from '@nestjs/common';
import Piscina from 'piscina';

type PoolOptions = ConstructorParameters<typeof Piscina>[0];

/**
 * A Piscina pool that logs what Piscina reports as the pool's 'error': what belongs to no task — a
 * task's answer arriving after the task was aborted (one reader of a parse failed while another
 * was answering: CI saw it once, on Node 26), or a worker's exception between tasks. No task waits
 * on either, so there is nothing to fail; but an EventEmitter with no 'error' listener throws, from
 * a worker's message handler, and would take the service down.
 */
export function createWorkerPool<Task, Result>(name: string, options: PoolOptions): Piscina<Task, Result> {
  const pool = new Piscina<Task, Result>(options);
  const logger = new Logger(name);
  pool.on('error', (error: unknown) => {
    logger.warn(`a worker reported what belongs to no task (ignored): ${error instanceof Error ? error.message : String(error)}`);
  });
  return pool;
}
