export * from './capability-view.js';
export * from './catalog-markdown.js';
export * from './catalog-integrity.error.js';
export * from './tool-definition.js';
export * from './tool-handler.js';
export * from './tool-registry.js';
export * from './tool-registry.module.js';
export * from './tool.decorator.js';
