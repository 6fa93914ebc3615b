import { spawn } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve(__dirname, '../../dist/cli/strata.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI as a child process (no terminal) in `cwd`, with `env` over the test's own
 * environment; `input` is piped to its stdin (else stdin is closed).
 */
export function runCli(args: string[], options: { cwd: string; env: Record<string, string>; input?: string | Buffer }): Promise<Run> {
  return runCommand(process.execPath, [CLI, ...args], options);
}

/** Any command, run the same way (e.g. `bash -o pipefail -c '… | head -1'`). */
export function runCommand(
  file: string,
  args: string[],
  { cwd, env, input }: { cwd: string; env: Record<string, string>; input?: string | Buffer },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env: { ...process.env, ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin!.end(input);
  });
}
