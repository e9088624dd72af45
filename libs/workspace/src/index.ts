export * from './path/workspace-path.js';
export * from './workspace-manager.port.js';
export * from './workspace-runtime.port.js';
