export * from './conn-tools.module.js';
export * from './connection-profile.schema.js';
export * from './describe-profile.tool.js';
export * from './list-profiles.tool.js';
