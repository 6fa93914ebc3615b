/**
 * Fault injection for the crash and contention suites (test/crash.e2e-spec.ts): named moments of a
 * restore where a test can make the service die, fail or wait, to prove what SPEC §5–6 promise
 * after a crash "at any point". Off unless `STRATA_FAULT=<point>:<action>` is set (parsed once by
 * loadConfig): then `faultPoint()` does nothing at every other point, and at the named one acts the
 * first time it is reached. Unarmed, a call is one comparison.
 *
 * The points, for item restores, full restores and rollbacks alike (where they apply):
 * - `after-upload`: the upload is in tmp/ and the restore recorded, nothing read yet;
 * - `mid-parse`: the first chunk of parsed items is stored (item restore: the scratch file; full
 *   restore: diffed and staged), the workers are still reading;
 * - `mid-staging`: some of the batch is staged, not all (full restore: the deletions pass);
 * - `before-commit`: the whole batch is staged, its commit not begun;
 * - `after-commit`: the batch is committed, the read model has not applied it;
 * - `mid-projection`: the projector is part-way through a backlog of many pages (a restore's batch).
 */
export const FAULT_POINTS = ['after-upload', 'mid-parse', 'mid-staging', 'before-commit', 'after-commit', 'mid-projection'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

/**
 * `kill`: SIGKILL to itself, a crash with no cleanup at all; `throw`: an error, as a bug would
 * raise (a 5xx); `hold`: waits for a line on stdin, holding whatever it holds (locks, the write
 * gate) so that a test can act meanwhile. Each writes one line to stderr first.
 */
export const FAULT_ACTIONS = ['kill', 'throw', 'hold'] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

export interface Fault {
  point: FaultPoint;
  action: FaultAction;
}

export class InjectedFault extends Error {
  constructor(readonly point: FaultPoint) {
    super(`injected fault at ${point}`);
  }
}

let armed: Fault | null = null;

/** Arms one fault (null: none) for this process; createApp does it from the configuration. */
export function armFault(fault: Fault | null): void {
  armed = fault;
}

/**
 * Marks a point; acts if the armed fault names it (once). Call sites `await` it: only `hold`
 * returns a promise.
 */
export function faultPoint(point: FaultPoint): void | Promise<void> {
  if (armed === null || armed.point !== point) return;
  const { action } = armed;
  armed = null;
  process.stderr.write(`strata: fault: ${action} at ${point}\n`);
  if (action === 'kill') {
    process.kill(process.pid, 'SIGKILL');
    return new Promise(() => undefined); // never goes on, should the signal take a moment
  }
  if (action === 'throw') throw new InjectedFault(point);
  // Released by a line on stdin (a test writes one; by hand, Enter). Not a signal: SIGUSR2 sent as
  // a request arrived made the service reset that request's connection (ECONNRESET) in our tests.
  return new Promise((resolve) => {
    process.stdin.once('data', () => {
      process.stdin.pause();
      process.stderr.write(`strata: fault: released at ${point}\n`);
      resolve();
    });
    process.stdin.resume();
  });
}

/** `<point>:<action>` → a Fault; anything else is a configuration error (thrown as `Error` with the reason). */
export function parseFault(text: string): Fault {
  const [point, action, ...rest] = text.split(':');
  if (rest.length > 0 || !FAULT_POINTS.includes(point as FaultPoint) || !FAULT_ACTIONS.includes(action as FaultAction)) {
    throw new Error(`STRATA_FAULT must be <point>:<action>, point one of ${FAULT_POINTS.join(', ')}, action one of ${FAULT_ACTIONS.join(', ')}; got "${text}"`);
  }
  return { point: point as FaultPoint, action: action as FaultAction };
}
