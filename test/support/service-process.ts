import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './build';

const ROOT = path.resolve(__dirname, '../..');

/** The built service (dist/src/main.js) as a child process on a loopback port the OS chose. */
export class ServiceProcess {
  output = '';
  port = 0;
  token = '';
  private child: ChildProcess | null = null;
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  /** Checks waiting for output (see printed); each returns true once satisfied. */
  private waiters: (() => boolean)[] = [];

  constructor(
    readonly dataDir: string,
    private readonly env: Record<string, string> = {},
    /** Node options before the script, e.g. the production flags (SERVICE_NODE_FLAGS). */
    private readonly nodeArgs: readonly string[] = [],
  ) {}

  /**
   * Starts it on a port the OS gives the server itself (PORT=0: no port is probed and then lost
   * to another process) and resolves with what this start printed once it says where it listens.
   */
  async start(): Promise<string> {
    let mine = '';
    const child = spawn(process.execPath, [...this.nodeArgs, path.join(ROOT, 'dist/src/main.js')], {
      env: { ...process.env, STRATA_ADMIN_TOKEN: '', ...this.env, PORT: '0', STRATA_DATA_DIR: this.dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdin!.on('error', () => undefined); // a release written to a service that has died meanwhile
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
      mine += chunk.toString();
      for (const waiter of this.waiters.splice(0)) if (!waiter()) this.waiters.push(waiter);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const listening = await Promise.race([
      this.printed(/listening on http:\/\/[^:\s]+:(\d+)/, () => mine),
      this.exit.then(() => null),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 60_000).unref()),
    ]);
    if (!listening) {
      await this.stop('SIGKILL');
      throw new Error(`service did not start:\n${mine}`);
    }
    this.port = Number(listening[1]);
    return mine;
  }

  /** Resolves with the match once the output (all of it, or `of()`) shows `pattern`: an event, not a poll. */
  printed(pattern: RegExp, of: () => string = () => this.output): Promise<RegExpExecArray> {
    return new Promise((resolve) => {
      const check = () => {
        const match = pattern.exec(of());
        if (match) resolve(match);
        return !!match;
      };
      if (!check()) this.waiters.push(check);
    });
  }

  /** Resolves when the process has ended (by itself, or killed): its exit code or signal. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exit) throw new Error('the service was never started');
    return this.exit;
  }

  /** Releases a `hold` fault (src/common/fault-points.ts): a line on the service's stdin. */
  release(): void {
    this.child?.stdin?.write('release\n');
  }

  /** SIGTERM (a clean stop) or SIGKILL (a crash). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await this.exit;
    this.child = null;
  }

  /** The child's peak resident memory (VmHWM), in bytes. */
  peakRss(): number {
    const status = fs.readFileSync(`/proc/${this.child!.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
  }

  /** The end of what the service printed (where a crash says why). */
  tail(chars = 3_000): string {
    return this.output.slice(-chars);
  }

  /**
   * For a request that failed at the socket ("other side closed", "terminated"): rethrows its error
   * saying whether the service is still running, and the end of its output.
   */
  explain(what: string): (error: Error) => never {
    return (error) => {
      const cause = (error.cause as Error | undefined)?.message;
      throw new Error(
        `${what} failed: ${error.message}${cause ? ` (${cause})` : ''}; the service ${this.alive ? 'is running' : 'has exited'}, its output ends:\n${this.tail()}`,
        { cause: error },
      );
    };
  }

  /** Creates an item with the token; its id. Throws unless the service answers 201. */
  async createItem(body: Record<string, unknown>): Promise<string> {
    const res = await this.api('POST', '/api/items', body);
    if (res.status !== 201) throw new Error(`POST /api/items answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async api(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const json = body !== undefined && !(body instanceof FormData);
    const res = await fetch(this.url + url, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(json ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: json ? JSON.stringify(body) : (body as FormData | undefined),
    }).catch(this.explain(`${method} ${url}`));
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

/**
 * The service of a describe block, in a fresh work dir (`strata-<name>-…`; the data dir is `data`
 * in it) with `token` as the admin's and `env` over that: a beforeAll hook (with `timeout`) builds
 * the project if it is out of date, starts the service and then runs `setup`; an afterAll hook
 * stops it and removes the work dir.
 */
export function serviceForSuite(
  name: string,
  token: string,
  options: { env?: Record<string, string>; setup?: () => Promise<void>; timeout?: number } = {},
): { service: ServiceProcess; work: string } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `strata-${name}-`));
  const service = new ServiceProcess(path.join(work, 'data'), { STRATA_ADMIN_TOKEN: token, ...options.env });
  service.token = token;
  beforeAll(async () => {
    buildIfNeeded();
    await service.start();
    await options.setup?.();
  }, options.timeout);
  afterAll(async () => {
    await service.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  return { service, work };
}
