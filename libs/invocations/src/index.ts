export * from './catalog-view.js';
export * from './current-invocation.decorator.js';
export * from './invocations.module.js';
export * from './invocation.pipeline.js';
export * from './events/event-stream-timings.js';
export * from './events/invocation-event-stream.js';
