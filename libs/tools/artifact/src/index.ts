export * from './artifact-tools.module.js';
export * from './download.tool.js';
export * from './list.tool.js';
export * from './upload.tool.js';
