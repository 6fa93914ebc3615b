// Four tiers, told apart by suffix (DESIGN.md): unit specs beside the code,
// e2e suites over HTTP, the event-store contract suite, and the console in headless Chromium.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  // NestJS 12 and @nestjs/cqrs 12 ship ES modules: let swc turn node_modules into CommonJS too,
  // except the CommonJS gRPC/protobuf stack of the EventStoreDB client, which breaks when rewritten.
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(google-protobuf|protobufjs|@grpc|@eventstore|@protobufjs)/'],
  testEnvironment: 'node',
};
module.exports = {
  // Suites start apps and restore real files: on a busy 2-core machine a step can take several
  // seconds (a global option: projects do not take it).
  testTimeout: 30_000,
  // Builds dist/ once before any suite (child-process suites and the worker pool run compiled files).
  globalSetup: '<rootDir>/test/support/global-setup.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/workers/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts', '<rootDir>/cli/**/*.spec.ts'] },
    { ...common, displayName: 'contract', testMatch: ['<rootDir>/test/**/*.contract-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/**/*.browser-spec.ts'] },
  ],
};
