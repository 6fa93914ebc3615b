/**
 * The V8 options the service runs with (and SERVICE_ENV, its environment): `npm start` and the Dockerfile spell them out (a unit
 * test holds them to this list), the bench and the child-process tests start the service with them.
 *
 * - `--max-old-space-size=256`: the heap the service is built to live in (DESIGN invariant 6).
 * - `--max-semi-space-size=16`: the young generation Node 20 gave it. From Node 22 V8 lets the new
 *   space grow to 128 MB on this machine (64 MB semi-spaces) where Node 20 stopped at 32 MB: the
 *   same 40,000-item restore peaked at 438–470 MB on Node 24 against 300 MB on Node 20
 *   (`test/restore-memory.e2e-spec.ts`). Worker threads have their own bound (`resourceLimits`).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-old-space-size=256', '--max-semi-space-size=16'];

/**
 * What the service's environment must hold from the start (the C library reads it once, before
 * any JavaScript runs): `npm start` and the Dockerfile set it, the bench and the memory tests too.
 *
 * - `MALLOC_ARENA_MAX=2`: glibc gives every thread that allocates (the parse workers, the
 *   projection's worker, libuv's pool running SQLite) an arena of its own, up to eight per core,
 *   and memory freed in one is not reused by another: the service's resident size grew with the
 *   threads that had worked, not with what they held. Two arenas: a 100,000-item item restore
 *   peaked at 341–380 MB instead of 398–404, a full restore at 338–343 instead of 370–375, in the
 *   same time (2026-12-01; issue 24). Other C libraries (musl) ignore it.
 */
export const SERVICE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
