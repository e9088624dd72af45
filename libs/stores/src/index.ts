export * from './clock.js';
export * from './invocation-store.port.js';
export * from './memory/memory-invocation-store.js';
export * from './memory/memory-session-store.js';
export * from './session-store.port.js';
export * from './stores.module-definition.js';
export * from './stores.module.js';
