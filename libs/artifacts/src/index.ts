export * from './artifact-name.js';
export * from './artifact-store.port.js';
export * from './artifacts.module.js';
export * from './local/local-artifact-store.js';
