export * from './tool-definition.js';
export * from './tool-handler.js';
export * from './tool.decorator.js';
