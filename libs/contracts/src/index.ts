export * from './capability.js';
export * from './error-codes.js';
export * from './invocation.js';
export * from './json.js';
export * from './session.js';
export * from './timestamps.js';
export * from './command-output.js';
export * from './approval.js';
