export * from './component-schemas.js';
export * from './openapi-document.js';
export * from './route-docs.js';
export * from './document-gaps.js';
