export * from './openapi-document.js';
export * from './platform.module.js';
