export * from './container-tools.module.js';
export * from './exec.tool.js';
export * from './logs.tool.js';
export * from './ps.tool.js';
export * from './run.tool.js';
export * from './container-runtime.port.js';
export * from './container-task-pods.js';
export * from './local-container-runtime.js';
export * from './session-task-pods.js';
export * from './task-pod-calls.js';
export {
  DEFAULT_TIMINGS,
  POD_NOT_FOUND,
  type TaskPodSession,
  type TaskPodTimings,
} from './task-pod-lifecycle.js';
export { logsOutput } from './task-pod-outputs.js';
export * from './task-pod.builder.js';
