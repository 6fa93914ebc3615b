import { setImmediate } from 'node:timers/promises';

/**
 * Lets the event loop serve other requests between pages of long synchronous work (SQLite is
 * synchronous): reads keep being answered while a large restore or projection runs.
 */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate();
}
