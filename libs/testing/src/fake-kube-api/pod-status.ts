import type { KubeObject, PodBehaviour } from './kube-object.js';
import type { KubeResource } from './kube-resources.js';

/** When and how the fake's pods leave `Pending` (set by the tests on the server). */
export interface PodLifecycle {
  readyAfterMs: number;
  podBehaviour: (pod: KubeObject) => PodBehaviour;
}

/** Pods move to Running/Ready once `readyAfterMs` has passed (or fail, per `podBehaviour`). */
export function observePod(
  resource: KubeResource,
  object: KubeObject,
  lifecycle: PodLifecycle,
): KubeObject {
  const app = object.metadata?.labels?.app;
  if (
    resource.plural !== 'pods' ||
    (app !== 'workspace-session' && app !== 'workspace-container-run') ||
    object.status?.phase !== 'Pending'
  ) {
    return object;
  }
  const age = Date.now() - Date.parse(object.metadata.creationTimestamp as string);
  if (age < lifecycle.readyAfterMs) {
    return object;
  }
  const behaviour = lifecycle.podBehaviour(object);
  if (app === 'workspace-container-run') {
    object.status = containerRunStatus(object, behaviour);
  } else if (behaviour === 'ready') {
    object.status = {
      phase: 'Running',
      podIP: '10.0.0.7',
      conditions: [{ type: 'Ready', status: 'True' }],
    };
  } else if (behaviour === 'fail') {
    object.status = {
      phase: 'Failed',
      initContainerStatuses: [
        {
          name: 'repo-init',
          ready: false,
          restartCount: 0,
          image: 'init',
          imageID: '',
          state: {
            terminated: {
              exitCode: 128,
              reason: 'Error',
              message: 'fatal: repository not found',
            },
          },
        },
      ],
    };
  }
  return object;
}

/** A task pod's status: its containers running, terminated with an exit code, or failed to start. */
function containerRunStatus(pod: KubeObject, behaviour: PodBehaviour): KubeObject {
  const names = ((pod.spec?.containers as KubeObject[] | undefined) ?? []).map(
    (container) => container.name as string,
  );
  const statuses = (state: KubeObject): KubeObject[] =>
    names.map((name) => ({
      name,
      ready: state['running'] !== undefined,
      restartCount: 0,
      image: '',
      imageID: '',
      state,
    }));
  if (behaviour === 'never-ready') {
    return pod.status as KubeObject;
  }
  if (behaviour === 'ready') {
    return {
      phase: 'Running',
      podIP: '10.0.0.8',
      containerStatuses: statuses({ running: { startedAt: new Date().toISOString() } }),
    };
  }
  if (behaviour === 'fail') {
    return {
      phase: 'Failed',
      reason: 'Error',
      message: 'the task container could not start',
      containerStatuses: [],
    };
  }
  const terminated = {
    exitCode: behaviour.exitCode,
    reason: behaviour.exitCode === 0 ? 'Completed' : 'Error',
  };
  return {
    phase: behaviour.exitCode === 0 ? 'Succeeded' : 'Failed',
    containerStatuses: statuses({ terminated }),
  };
}
