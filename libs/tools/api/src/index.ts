export * from './api-tools.module.js';
export * from './benchmark.tool.js';
