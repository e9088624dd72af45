export * from './authenticated-request.js';
export * from './caller-principal.js';
export * from './current-principal.decorator.js';
export * from './public-route.decorator.js';
export * from './trusted-header.guard.js';
