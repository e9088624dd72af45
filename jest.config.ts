import type { Config } from 'jest';

// Every project shares one transform: swc strips types and emits legacy decorators with metadata,
// which Nest's DI needs. Sources are ESM (NestJS 12 is ESM-only), so Jest runs with
// NODE_OPTIONS=--experimental-vm-modules (see package.json scripts).
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', {}] },
  moduleNameMapper: {
    // Test-only entries (`#app/workspace/testing`): a library's src/testing/index.ts.
    '^#app/(.+)/testing$': '<rootDir>/libs/$1/src/testing/index.ts',
    '^#app/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    // The service's public entry, as a platform team's own tool family imports it (examples/).
    '^#workspace-service$': '<rootDir>/apps/workspace-service/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // mongodb-mock-server require()s the native `snappy` at load; its build is denied here and
    // compression is never negotiated in tests (see the stub).
    '^snappy$': '<rootDir>/libs/testing/src/snappy-stub.cjs',
  },
  testEnvironment: 'node',
  setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-preload.ts'],
} satisfies Config;

const config: Config = {
  // Jest's ESM support leaks module graphs across test files: run in child workers and recycle
  // a worker once it holds too much, so long runs neither slow down nor exhaust the heap.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1024MB',
  // V8's own coverage: no re-instrumentation of the swc output, far less memory than babel's.
  coverageProvider: 'v8',
  // Spawned services and real brokers are slow on a loaded 2-core CI machine. Jest reads
  // testTimeout from the global config only: set in a project it is silently ignored.
  testTimeout: 30_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      rootDir: '.',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/*/src/**/*.spec.ts',
        '<rootDir>/examples/*/src/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: [
        '<rootDir>/apps/*/test/**/*.e2e-spec.ts',
        '<rootDir>/examples/*/test/**/*.e2e-spec.ts',
      ],
    },
  ],
  collectCoverageFrom: [
    'libs/**/src/**/*.ts',
    '!libs/**/src/**/*.spec.ts',
    '!libs/**/src/**/*.contract.ts',
    // Declarations only (libs/client's generated OpenAPI types): no line of them ever runs.
    '!libs/**/src/**/*.d.ts',
    '!libs/**/src/**/testing/**',
    '!libs/**/src/index.ts',
    '!libs/testing/**',
  ],
  coverageReporters: ['text-summary', 'json-summary', 'lcov'],
  coverageDirectory: 'coverage',
};

export default config;
