export * from './aggregate.tool.js';
export * from './find.tool.js';
export * from './mongo-tools.module.js';
