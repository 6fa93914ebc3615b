import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The built service (dist/src/main.js) as a child process on a free loopback port. */
export class ServiceProcess {
  output = '';
  port = 0;
  token = '';
  private child: ChildProcess | null = null;

  constructor(
    readonly dataDir: string,
    private readonly env: Record<string, string> = {},
    /** Node options before the script, e.g. the production heap cap (`--max-old-space-size=256`). */
    private readonly nodeArgs: string[] = [],
  ) {}

  /** Starts it and waits until it listens; returns what this start printed. */
  async start(): Promise<string> {
    this.port = await freePort();
    let mine = '';
    const child = spawn(process.execPath, [...this.nodeArgs, path.join(ROOT, 'dist/src/main.js')], {
      env: { ...process.env, STRATA_ADMIN_TOKEN: '', ...this.env, PORT: String(this.port), STRATA_DATA_DIR: this.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
      mine += chunk.toString();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const deadline = Date.now() + 30_000;
    while (!/listening on/.test(mine)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`service did not start:\n${mine}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return mine;
  }

  /** SIGTERM (a clean stop) or SIGKILL (a crash). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
    this.child = null;
  }

  /** The child's peak resident memory (VmHWM), in bytes. */
  peakRss(): number {
    const status = fs.readFileSync(`/proc/${this.child!.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
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
    }).catch((error: Error) => {
      throw new Error(`${method} ${url}: ${error.message} (${String((error.cause as Error)?.message)})`);
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
