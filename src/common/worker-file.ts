import path from 'node:path';

/**
 * A compiled Piscina task file of `workers/`. Compiled, this module is dist/src/common/worker-file.js
 * and the workers are in dist/workers/. Run from TypeScript sources (jest), there is no compiled
 * worker beside it: then it is the project's dist/workers/<name>, which must have been built
 * (`npx tsc -p tsconfig.workers.json`, or any build).
 */
export function compiledWorkerFile(name: string): string {
  const root = path.resolve(__dirname, '../..');
  const fromSources = path.extname(__filename) === '.ts';
  return path.join(root, fromSources ? 'dist' : '', 'workers', name);
}
