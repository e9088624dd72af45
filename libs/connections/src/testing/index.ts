export * from './connection-tool-context.fixture.js';
export * from './local-profiles.fixture.js';
