import type { V1Pod } from '@kubernetes/client-node';
import { TASK_CONTAINER } from './task-pod.builder.js';

/** The pod's phase as `container.*` outputs report it (lower case, `unknown` when unset). */
export function phaseOf(pod: V1Pod): string {
  return (pod.status?.phase ?? 'unknown').toLowerCase();
}

/** The task container's exit code once it terminated; undefined while it has not. */
export function terminatedExitCode(pod: V1Pod): number | undefined {
  const status = pod.status?.containerStatuses?.find((entry) => entry.name === TASK_CONTAINER);
  return status?.state?.terminated?.exitCode;
}

/** Why the task pod failed, from the container state first, then the pod status. */
export function failureReason(pod: V1Pod): string {
  const terminated = pod.status?.containerStatuses?.find((entry) => entry.name === TASK_CONTAINER)
    ?.state?.terminated;
  const waiting = pod.status?.containerStatuses?.find((entry) => entry.name === TASK_CONTAINER)
    ?.state?.waiting;
  const parts = [
    terminated?.reason ?? waiting?.reason ?? pod.status?.reason,
    terminated?.message ?? waiting?.message ?? pod.status?.message,
  ];
  const reason = parts
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(': ');
  return reason === '' ? `phase ${pod.status?.phase ?? 'unknown'}` : reason;
}
