export * from './del.tool.js';
export * from './exists.tool.js';
export * from './get.tool.js';
export * from './mget.tool.js';
export * from './redis-tools.module.js';
export * from './scan.tool.js';
export * from './set.tool.js';
export * from './ttl.tool.js';
