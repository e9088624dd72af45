export * from './app-config.js';
export * from './config-validation.error.js';
export * from './config.module.js';
export * from './load-app-config.js';
export * from './process-environment.js';
