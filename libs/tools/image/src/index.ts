export * from './build.tool.js';
export * from './image-tools.module.js';
export * from './inspect.tool.js';
export * from './push.tool.js';
