import { createHash } from 'node:crypto';
import type { V1Pod, V1SecurityContext } from '@kubernetes/client-node';
import {
  CONTAINER_RUN_POD_APP,
  podNameFor,
  sanitiseLabelValue,
  SESSION_ID_ANNOTATION,
} from '#app/kubernetes';

/** The one container of every task pod (CATALOG.md 18 "Kubernetes task pods"). */
export const TASK_CONTAINER = 'task';
const NAME_PREFIX = 'ws-ctr';
const MAX_BASE_CHARS = 55;
const MAX_POD_NAME_CHARS = 63;

/** Pod and container identity, as the session pods use them (API.md 8.4). */
export interface TaskPodSecurity {
  runAsUser: number;
  runAsGroup: number;
  fsGroup: number;
  readOnlyRootFs: boolean;
  /** The runner service account (`WORKSPACE_K8S_SERVICE_ACCOUNT`); omitted when unset. */
  serviceAccountName?: string;
}

export interface TaskPodRequest {
  sessionId: string;
  tenantId: string;
  namespace: string;
  imageRef: string;
  command: readonly string[];
  env: Readonly<Record<string, string>>;
  /** The requested container name; the session id when absent. */
  name?: string;
  createdAt: string;
}

/** Label selector of this session's task pods. */
export function taskPodSelector(sessionId: string): string {
  return `app=${CONTAINER_RUN_POD_APP},workspace_session_id=${sanitiseLabelValue(sessionId)}`;
}

/** True when the pod is a task pod of this session (others are `container pod not found`). */
export function isSessionTaskPod(pod: V1Pod, sessionId: string): boolean {
  const labels = pod.metadata?.labels ?? {};
  return (
    labels['app'] === CONTAINER_RUN_POD_APP &&
    labels['workspace_session_id'] === sanitiseLabelValue(sessionId)
  );
}

/**
 * `ws-ctr-<normalised name or session id>` (≤ 55) + `-` + 6 hex of SHA-256(session, image, command,
 * creation time); `attempt` > 0 adds a numeric suffix after a name collision, still ≤ 63 characters.
 */
export function taskPodName(request: TaskPodRequest, attempt = 0): string {
  const base = podNameFor(NAME_PREFIX, request.name ?? request.sessionId)
    .slice(0, MAX_BASE_CHARS)
    .replace(/-+$/, '');
  const hash = createHash('sha256')
    .update(
      `${request.sessionId}|${request.imageRef}|${request.command.join(' ')}|${request.createdAt}`,
      'utf8',
    )
    .digest('hex')
    .slice(0, 6);
  if (attempt === 0) {
    return `${base}-${hash}`;
  }
  const suffix = `-${hash}-${attempt + 1}`;
  return `${base.slice(0, MAX_POD_NAME_CHARS - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** The task pod exactly as CATALOG.md 18 specifies it, hardened like the session pods (API.md 8.4). */
export function buildTaskPod(
  request: TaskPodRequest,
  security: TaskPodSecurity,
  attempt = 0,
): V1Pod {
  const containerSecurity: V1SecurityContext = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: security.readOnlyRootFs,
    runAsNonRoot: true,
    runAsUser: security.runAsUser,
    runAsGroup: security.runAsGroup,
    capabilities: { drop: ['ALL'] },
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: taskPodName(request, attempt),
      namespace: request.namespace,
      labels: {
        app: CONTAINER_RUN_POD_APP,
        workspace_session_id: sanitiseLabelValue(request.sessionId),
        workspace_tenant: sanitiseLabelValue(request.tenantId),
      },
      // The exact id: the janitor looks the session up by it (the label is normalised).
      annotations: { [SESSION_ID_ANNOTATION]: request.sessionId },
    },
    spec: {
      restartPolicy: 'Never',
      // Task pods run caller-chosen images: never a Kubernetes API token (API.md 8.4).
      automountServiceAccountToken: false,
      ...(security.serviceAccountName ? { serviceAccountName: security.serviceAccountName } : {}),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: security.runAsUser,
        runAsGroup: security.runAsGroup,
        fsGroup: security.fsGroup,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: TASK_CONTAINER,
          image: request.imageRef,
          imagePullPolicy: 'IfNotPresent',
          env: Object.keys(request.env)
            .sort()
            .map((key) => ({ name: key, value: request.env[key] ?? '' })),
          ...(request.command.length > 0 ? { command: [...request.command] } : {}),
          securityContext: containerSecurity,
        },
      ],
    },
  };
}
