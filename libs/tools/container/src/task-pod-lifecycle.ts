import type { V1Pod } from '@kubernetes/client-node';
import { AppException } from '#app/errors';
import { isConflict, isNotFound, type KubeClient } from '#app/kubernetes';
import {
  buildTaskPod,
  isSessionTaskPod,
  type TaskPodRequest,
  type TaskPodSecurity,
} from './task-pod.builder.js';

export interface TaskPodSession {
  sessionId: string;
  tenantId: string;
  namespace: string;
  security: TaskPodSecurity;
  signal: AbortSignal;
}

export interface TaskPodTimings {
  pollMs: number;
  startTimeoutMs: number;
  finishTimeoutMs: number;
}

export const DEFAULT_TIMINGS: TaskPodTimings = {
  pollMs: 1000,
  startTimeoutMs: 30_000,
  finishTimeoutMs: 120_000,
};
export const POD_NOT_FOUND = 'container pod not found';
const MAX_NAME_ATTEMPTS = 5;

/** The named pod when it is one of this session's task pods; anything else is `not_found`. */
export async function readSessionPod(
  client: KubeClient,
  session: TaskPodSession,
  name: string,
): Promise<V1Pod> {
  let pod: V1Pod;
  try {
    pod = await client.core.readNamespacedPod({ name, namespace: session.namespace });
  } catch (error) {
    if (isNotFound(error)) {
      throw new AppException('not_found', POD_NOT_FOUND);
    }
    throw error;
  }
  if (!isSessionTaskPod(pod, session.sessionId)) {
    throw new AppException('not_found', POD_NOT_FOUND);
  }
  return pod;
}

/** Creates the task pod, retrying under a new name on a name clash; answers the pod's name. */
export async function createTaskPod(
  client: KubeClient,
  session: TaskPodSession,
  request: TaskPodRequest,
): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    const body = buildTaskPod(request, session.security, attempt);
    try {
      await client.core.createNamespacedPod({ namespace: session.namespace, body });
      return body.metadata?.name ?? '';
    } catch (error) {
      if (!isConflict(error) || attempt + 1 >= MAX_NAME_ATTEMPTS) {
        throw error;
      }
    }
  }
}

/** Polls the pod until it reaches one of `phases`; `timeout` past the deadline or on abort. */
export async function waitForPhase(
  client: KubeClient,
  session: TaskPodSession,
  timings: TaskPodTimings,
  wait: { name: string; phases: readonly string[]; timeoutMs: number; what: 'start' | 'finish' },
): Promise<V1Pod> {
  const { name, phases, timeoutMs, what } = wait;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pod = await client.core.readNamespacedPod({
      name,
      namespace: session.namespace,
    });
    if (phases.includes(pod.status?.phase ?? '')) {
      return pod;
    }
    if (Date.now() + timings.pollMs > deadline || session.signal.aborted) {
      throw new AppException(
        'timeout',
        `container pod did not ${what} within ${Math.round(timeoutMs / 1000)}s`,
      );
    }
    await sleep(timings.pollMs, session.signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
