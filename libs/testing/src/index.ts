export * from './redis-server.process.js';
export * from './require-service.js';
