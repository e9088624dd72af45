export * from './build.tool.js';
export * from './c-tools.module.js';
export * from './test.tool.js';
