export * from './body-shape.js';
export * from './draining.guard.js';
export * from './error-envelope.filter.js';
export * from './json-body.js';
export * from './raw-body.js';
export * from './route-table.js';
export * from './served-while-draining.decorator.js';
export * from './service-state.js';
