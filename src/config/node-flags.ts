/**
 * The V8 options the service runs with: `npm start` and the Dockerfile spell them out (a unit
 * test holds them to this list), the bench and the child-process tests start the service with them.
 *
 * - `--max-old-space-size=256`: the heap the service is built to live in (DESIGN invariant 6).
 * - `--max-semi-space-size=16`: the young generation Node 20 gave it. From Node 22 V8 lets the new
 *   space grow to 128 MB on this machine (64 MB semi-spaces) where Node 20 stopped at 32 MB: the
 *   same 40,000-item restore peaked at 438–470 MB on Node 24 against 300 MB on Node 20
 *   (`test/restore-memory.e2e-spec.ts`). Worker threads have their own bound (`resourceLimits`).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-old-space-size=256', '--max-semi-space-size=16'];
