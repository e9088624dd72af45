export * from './build.tool.js';
export * from './install.tool.js';
export * from './lint.tool.js';
export * from './node-tools.module.js';
export * from './test.tool.js';
export * from './typecheck.tool.js';
