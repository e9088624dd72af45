export * from './capability.js';
export * from './error-codes.js';
export * from './explain.js';
export * from './invocation.js';
export * from './json.js';
export * from './session.js';
export * from './timestamps.js';
export * from './command-output.js';
