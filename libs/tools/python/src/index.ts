export * from './install-deps.tool.js';
export * from './python-tools.module.js';
export * from './test.tool.js';
export * from './validate.tool.js';
