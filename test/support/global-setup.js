// Jest's global setup: builds the service once (when dist/ is older than the sources), before any
// suite runs, so that no suite depends on another having built it and no two suites build at once
// (each suite's own buildIfNeeded() then finds it up to date). Plain JavaScript: Jest loads it
// before any transform.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = () => {
  const root = path.resolve(__dirname, '../..');
  execFileSync(process.execPath, [path.join(root, 'scripts/build-if-needed.js')], { cwd: root, stdio: 'inherit' });
};
