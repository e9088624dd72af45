export * from './matching/metadata-list.js';
export * from './matching/nats-subject.js';
export * from './matching/pattern-rules.js';
export * from './matching/registry-host.js';
export * from './policy-engine.port.js';
export * from './policy.module-definition.js';
export * from './policy.module.js';
export * from './static-policy-engine.js';
