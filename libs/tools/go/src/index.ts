export * from './build.tool.js';
export * from './generate.tool.js';
export * from './go-tools.module.js';
export * from './mod-tidy.tool.js';
export * from './test.tool.js';
