export * from './authenticated-request.js';
export * from './trusted-header.guard.js';
