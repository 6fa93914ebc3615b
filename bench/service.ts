import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_ENV, SERVICE_NODE_FLAGS } from '../src/config/node-flags';
import { requestJson } from './http-client';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

/** The built service's entry point (the npm script builds before the bench runs). */
const MAIN = path.resolve(__dirname, '..', 'src', 'main.js');

export interface RunningService {
  pid: number;
  baseUrl: string;
  /** Where the service's stdout and stderr go. */
  logFile: string;
  /** How the service ended, within `waitMs`; null while it runs. */
  ended(waitMs: number): Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/src/main.js` on a free loopback port with its own data dir and the bench's
 * admin token, and waits until `/api/health` answers.
 */
export async function startService(dataDir: string, logFile: string): Promise<RunningService> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npm run build)`);
  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  // Started as `npm start` starts it, so the bench measures the same process.
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, MAIN], {
    env: { ...process.env, ...SERVICE_ENV, PORT: String(port), HOST: '127.0.0.1', STRATA_DATA_DIR: dataDir, STRATA_ADMIN_TOKEN: BENCH_ADMIN_TOKEN },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, logFile);
  const ended = async (waitMs: number) => {
    await Promise.race([exited, sleep(waitMs)]);
    return endState(child);
  };
  return { pid: child.pid!, baseUrl, logFile, ended, stop: () => stop(child, exited) };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const end = endState(child);
    if (end) throw new Error(`the service ${end}:\n${tail(logFile)}`);
    try {
      const res = await requestJson(`${baseUrl}/api/health`, null);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`the service did not answer /api/health within 60 s:\n${tail(logFile)}`);
}

/** How a child process ended (`exited with code N`, `killed by SIGNAL`); null while it runs. */
function endState(child: ChildProcess): string | null {
  if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
  return child.signalCode ? `killed by ${child.signalCode}` : null;
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The last lines of a log file. */
export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
