export * from './consume.tool.js';
export * from './publish.tool.js';
export * from './queue-info.tool.js';
export * from './rabbit-tools.module.js';
