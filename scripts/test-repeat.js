#!/usr/bin/env node
// `npm run test:repeat -- N`: the whole suite N times in a row (default 3), to find tests that fail
// only sometimes. Type-checks once, then runs `jest --runInBand` N times, stopping at the first run
// that fails; each run's output goes to test-output/repeat-<k>.log and its summary lines here.
// CI runs the suite once (`npm test`).
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const runs = Number(process.argv[2] ?? 3);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`test:repeat: the number of runs must be a positive integer, got "${process.argv[2]}"\n`);
  process.exit(2);
}
const extra = process.argv.slice(3); // passed on to Jest, e.g. --selectProjects e2e
const out = path.join(root, 'test-output');
fs.mkdirSync(out, { recursive: true });
const seconds = (ms) => `${(ms / 1000).toFixed(0)} s`;

execFileSync('npm', ['run', '--silent', 'typecheck'], { cwd: root, stdio: 'inherit' });
const started = Date.now();
for (let run = 1; run <= runs; run++) {
  const log = path.join(out, `repeat-${run}.log`);
  const began = Date.now();
  const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--runInBand', ...extra], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  fs.writeFileSync(log, `${result.stdout}${result.stderr}`);
  const summary = `${result.stdout}${result.stderr}`.split('\n').filter((l) => /^(Test Suites|Tests):/.test(l)).map((l) => l.replace(/\s+/g, ' '));
  process.stdout.write(`run ${run}/${runs}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${seconds(Date.now() - began)} — ${summary.join('; ')} (${path.relative(root, log)})\n`);
  if (result.status !== 0) {
    const failures = `${result.stderr}`.split('\n').filter((l) => /^\s*(●|FAIL)/.test(l));
    process.stdout.write(`${failures.join('\n')}\ntest:repeat: run ${run} of ${runs} failed after ${seconds(Date.now() - started)}\n`);
    process.exit(1);
  }
}
process.stdout.write(`test:repeat: ${runs} of ${runs} runs passed in a row, ${((Date.now() - started) / 60_000).toFixed(1)} min in all\n`);
