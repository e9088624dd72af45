export * from './consume.tool.js';
export * from './kafka-tools.module.js';
export * from './produce.tool.js';
export * from './topic-metadata.tool.js';
