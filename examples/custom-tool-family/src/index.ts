export * from './text-tools.module.js';
export * from './word-count.tool.js';
