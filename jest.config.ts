import type { Config } from 'jest';

// Every project shares one transform: swc strips types and emits legacy decorators with metadata,
// which Nest's DI needs. Sources are ESM (NestJS 12 is ESM-only), so Jest runs with
// NODE_OPTIONS=--experimental-vm-modules (see package.json scripts).
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', {}] },
  moduleNameMapper: {
    '^#app/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-preload.ts'],
} satisfies Config;

const config: Config = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      rootDir: '.',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/*/src/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/apps/*/test/**/*.e2e-spec.ts'],
    },
  ],
  collectCoverageFrom: ['libs/**/src/**/*.ts', '!libs/**/src/**/*.spec.ts', '!libs/**/src/index.ts', '!libs/testing/**'],
  coverageReporters: ['text-summary', 'json-summary', 'lcov'],
  coverageDirectory: 'coverage',
};

export default config;
