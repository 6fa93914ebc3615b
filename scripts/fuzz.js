#!/usr/bin/env node
// `npm run fuzz -- --runs N [--seed S] [--no-shrink]`: the round-trip properties of
// test/round-trip.e2e-spec.ts with more runs than `npm test` gives them, and a random seed unless
// one is given. fast-check prints the seed, the path and the shrunk counterexample of a failure;
// `--seed S` replays it.
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');
const path = require('node:path');

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '100' }, seed: { type: 'string' }, 'no-shrink': { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Math.floor(Math.random() * 0x7fffffff) : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- --runs N [--seed S] [--no-shrink]');
  process.exit(2);
}
console.error(`strata fuzz: ${runs} runs per property, seed ${seed}`);
const root = path.resolve(__dirname, '..');
const result = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest', { paths: [root] }), '--selectProjects', 'e2e', '--runInBand', 'test/round-trip.e2e-spec.ts'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STRATA_FUZZ_RUNS: String(runs), STRATA_FUZZ_SEED: String(seed), STRATA_FUZZ_SHRINK: values['no-shrink'] ? 'no' : 'yes' },
  },
);
if (result.status !== 0) console.error(`strata fuzz: failed with seed ${seed} (replay: npm run fuzz -- --runs ${runs} --seed ${seed})`);
process.exit(result.status ?? 1);
