export * from './authenticated-request.js';
export * from './public-route.decorator.js';
export * from './trusted-header.guard.js';
