export * from './invocations.module.js';
export * from './invocation.pipeline.js';
