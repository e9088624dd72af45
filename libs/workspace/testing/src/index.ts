// Test support only: the local adapters, for fixtures that need a real directory-backed session.
export * from '../../src/local/local-command-runner.js';
export * from '../../src/local/local-workspace-manager.js';
export * from '../../src/local/local-workspace-runtime.js';
