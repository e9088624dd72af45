export * from './invocations.module.js';
export * from './invocation.pipeline.js';
export * from './limits/limit-counters.port.js';
