#!/usr/bin/env node
// `npm start` builds when the compiled output is missing or older than any source file:
// the service with tsc, the console (console/) with Vite.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'dist', 'src', 'main.js');
const consoleMarker = path.join(root, 'dist', 'console', 'index.html');

function newestMtime(dir, extensions = ['.ts']) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, extensions));
    else if (extensions.some((ext) => entry.name.endsWith(ext))) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

const sources = Math.max(...['src', 'workers', 'bench', 'cli'].map((d) => newestMtime(path.join(root, d))));
if (mtime(marker) < sources) {
  process.stderr.write('strata: building (tsc)…\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  fs.utimesSync(marker, new Date(), new Date());
}

const consoleSources = newestMtime(path.join(root, 'console'), ['.ts', '.tsx', '.mts', '.css', '.html', '.json']);
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (consoleSources > 0 && mtime(consoleMarker) < consoleSources) {
  if (!fs.existsSync(vite)) {
    // A production install (npm prune --omit=dev) has no Vite: serve the console built before, if any.
    process.stderr.write('strata: the console sources changed but Vite is not installed; not rebuilding it\n');
  } else {
    process.stderr.write('strata: building the console (vite)…\n');
    // NODE_ENV decides which React Vite bundles; under Jest it is "test", which would mean React's development build.
    const env = { ...process.env, NODE_ENV: 'production' };
    execFileSync(process.execPath, [vite, 'build', '--config', 'console/vite.config.mts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env });
    fs.utimesSync(consoleMarker, new Date(), new Date());
  }
}
