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
      comment: 'The domain (deciders, events, limits) knows no framework, store, HTTP, format or worker: only other domain modules, the domain error (src/common/errors.ts) and the rules of XML text (src/formats/xml/).',
      from: { path: '^src/[^/]+/domain/' },
      to: {
        path: ['^src/', '^workers/', '^node_modules/(@nestjs|express|better-sqlite3|@eventstore|piscina)'],
        pathNot: ['^src/[^/]+/domain/', '^src/common/errors\\.ts$', '^src/formats/xml/'],
      },
    },
    {
      name: 'xml-text-is-a-leaf',
      severity: 'error',
      comment: 'The rules of XML itself (escaping, names) know nothing of Strata: everything may use them.',
      from: { path: '^src/formats/xml/' },
      to: { path: ['^src/', '^workers/'], pathNot: '^src/formats/xml/' },
    },
    {
      name: 'formats-are-neutral',
      severity: 'error',
      comment: 'File formats are shared by the backup writers (src/backup) and the restore readers (workers/parsing): they depend on the domain, not on either side.',
      from: { path: '^src/formats/' },
      to: { path: ['^src/(backup|restore|read-model|event-store|auth|audit|core)/', '^workers/', '/http/'] },
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
