export * from './nats-tools.module.js';
export * from './publish.tool.js';
export * from './request.tool.js';
export * from './subscribe-pull.tool.js';
