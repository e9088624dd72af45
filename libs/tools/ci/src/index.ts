export * from './ci-tools.module.js';
export * from './run-pipeline.tool.js';
