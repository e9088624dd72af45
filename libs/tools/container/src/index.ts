export * from './container-tools.module.js';
export * from './exec.tool.js';
export * from './logs.tool.js';
export * from './ps.tool.js';
export * from './run.tool.js';
export * from './container-task-pods.js';
export * from './kubernetes-container-runtime.js';
export * from './task-pod.builder.js';
