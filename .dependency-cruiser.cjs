/**
 * The dependency rules (issue 20): layers point one way — domain ← application ← adapters — and
 * no folder imports one that imports it back. `npm run lint` runs them.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module that reaches itself through its imports: split what both need into a third place.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain (deciders, events, limits) knows no framework, store, HTTP, format or worker: only other domain modules and the domain error (src/common/errors.ts).',
      from: { path: '^src/[^/]+/domain/' },
      to: {
        path: ['^src/', '^workers/', '^node_modules/(@nestjs|express|better-sqlite3|@eventstore|piscina)'],
        pathNot: ['^src/[^/]+/domain/', '^src/common/errors\\.ts$'],
      },
    },
    {
      name: 'workers-do-not-reach-into-src-adapters',
      severity: 'error',
      comment: 'Worker threads run parsers; they share formats and the domain, not HTTP, stores or Nest modules.',
      from: { path: '^workers/' },
      to: { path: '^src/.+/(http|sqlite|eventstoredb)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|console|cli/dist)/|\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
