export * from './openapi-document.holder.js';
export * from './platform.module.js';
