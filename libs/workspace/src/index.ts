export * from './command-runner.port.js';
export * from './path/workspace-path.js';
export * from './workspace-manager.port.js';
export * from './workspace-runtime.port.js';
export * from './local/local-workspace-runtime.js';
export * from './local/local-workspace-runtime-factory.js';
export * from './workspace.module-definition.js';
export * from './workspace.module.js';
