// Ports, the module that binds them to the configured backend, and the path and host rules every
// backend shares. Adapters stay inside the library (tests reach the local ones via #app/workspace/testing).
export * from './command-runner.port.js';
export * from './network/host-address.js';
export * from './path/host-path-allowlist.js';
export * from './path/workspace-path.js';
export * from './workspace-janitor.port.js';
export * from './workspace-manager.port.js';
export * from './workspace-runtime.port.js';
export * from './local/sandbox-status.js';
export * from './workspace-options.js';
export * from './workspace.module-definition.js';
export * from './workspace.module.js';
