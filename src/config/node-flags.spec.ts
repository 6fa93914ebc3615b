import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVICE_ENV, SERVICE_NODE_FLAGS } from './node-flags';

const ROOT = path.resolve(__dirname, '..', '..');
const MB = 2 ** 20;

describe('SERVICE_NODE_FLAGS and SERVICE_ENV: one set of V8 options and environment wherever the service is started', () => {
  const env = Object.entries(SERVICE_ENV).map(([name, value]) => `${name}=${value}`);

  it('is what `npm start` passes', () => {
    const start = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
    expect(start).toBe(`${env.join(' ')} node ${SERVICE_NODE_FLAGS.join(' ')} dist/src/main.js`);
  });

  it("is what the Dockerfile's ENV sets and its CMD passes", () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd!)).toEqual(['node', ...SERVICE_NODE_FLAGS, 'dist/src/main.js']);
    const set = /^ENV (.*)$/m.exec(dockerfile)?.[1].split(' ');
    expect(set).toEqual(expect.arrayContaining(env));
  });

  it('keeps the young generation at 32 MB, as Node 20 did (from Node 22, V8 grows it to 128 MB here)', () => {
    // Churns through short-lived objects and reports the largest new space V8 gave itself.
    const churn = `
      const v8 = require('v8');
      let max = 0, keep = [];
      for (let i = 0; i < 2e6; i++) {
        keep.push({ i, s: 'x' + i });
        if (keep.length > 20000) keep = [];
        if (i % 1000 === 0) max = Math.max(max, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
      }
      process.stdout.write(String(max));`;
    const newSpace = (flags: readonly string[]) => Number(execFileSync(process.execPath, [...flags, '-e', churn], { encoding: 'utf8' }));
    expect(newSpace(SERVICE_NODE_FLAGS)).toBeLessThanOrEqual(32 * MB);
  });
});
