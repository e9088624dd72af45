// Test support only: the local adapters, for fixtures that need a real directory-backed session.
export * from '../local/local-command-runner.js';
export * from '../local/local-workspace-manager.js';
export * from '../local/local-workspace-runtime.js';
