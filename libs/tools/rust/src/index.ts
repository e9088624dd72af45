export * from './build.tool.js';
export * from './clippy.tool.js';
export * from './format.tool.js';
export * from './rust-tools.module.js';
export * from './test.tool.js';
