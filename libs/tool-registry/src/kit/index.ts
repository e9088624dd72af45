export * from './args-of.js';
export * from './path-policy.js';
export * from './published-schema.js';
export * from './schema-builders.js';
