/**
 * Polls until `probe` gives a value `ok` accepts, or throws at the deadline with the last value:
 * for what the service finishes after it answered (a temporary file removed, a log line written).
 * Not a fixed sleep: it returns as soon as the condition holds.
 */
export async function eventually<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`not reached within ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
