import type { V1Pod, V1SecurityContext } from '@kubernetes/client-node';
import type { KubernetesConfig } from '#app/config';
import { AppException } from '#app/errors';
import {
  podNameFor,
  PROVISIONING_UNTIL_ANNOTATION,
  sanitiseLabelValue,
  SESSION_ID_ANNOTATION,
  SESSION_POD_APP,
} from '#app/kubernetes';
import { REPO_INIT_SCRIPT, RUNNER_IDLE_COMMAND } from './repo-init.script.js';

export const DEFAULT_RUNNER_IMAGE = 'docker.io/library/alpine:3.20';
export const GIT_AUTH_MOUNT = '/var/run/workspace-git-auth';
export const INIT_HOME = '/tmp/workspace-home';

export interface SessionPodRequest {
  sessionId: string;
  tenantId: string;
  metadata: Record<string, string>;
  repoUrl?: string;
  repoRef?: string;
  /** Forks: until when the janitor must not take the record-less pod for an orphan (API.md 8.7). */
  provisioningUntil?: Date;
}

/**
 * API.md 8.5: the metadata profile (trimmed, lowercased) picks a bundle; an unknown profile, or any
 * profile while no bundles are configured, is refused.
 */
export function selectRunnerImage(
  config: KubernetesConfig,
  metadata: Record<string, string>,
): string {
  const profile = metadata[config.runnerProfileMetadataKey]?.trim().toLowerCase() ?? '';
  if (profile === '') {
    return config.runnerImage || DEFAULT_RUNNER_IMAGE;
  }
  const image = config.runnerImageBundles[profile];
  if (image === undefined) {
    throw new AppException('invalid_argument', `runner profile "${profile}" is not configured`);
  }
  return image;
}

/** API.md 8.4 git secret selection: configured metadata key, then `git_secret_name`, then the default. */
export function selectGitAuthSecret(
  config: KubernetesConfig,
  metadata: Record<string, string>,
): string | undefined {
  for (const candidate of [
    metadata[config.gitAuthMetadataKey],
    metadata['git_secret_name'],
    config.gitAuthSecret,
  ]) {
    const name = candidate?.trim();
    if (name) {
      return name;
    }
  }
  return undefined;
}

/** The session pod exactly as API.md 8.4 specifies it. */
export function buildSessionPod(config: KubernetesConfig, request: SessionPodRequest): V1Pod {
  const runnerImage = selectRunnerImage(config, request.metadata);
  const gitSecret = selectGitAuthSecret(config, request.metadata);
  const containerSecurity = (readOnlyRootFilesystem: boolean): V1SecurityContext => ({
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem,
    runAsNonRoot: true,
    runAsUser: config.runAsUser,
    runAsGroup: config.runAsGroup,
    capabilities: { drop: ['ALL'] },
  });
  const workspaceMount = { name: 'workspace', mountPath: '/workspace' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podNameFor(config.podPrefix, request.sessionId),
      namespace: config.namespace,
      labels: {
        app: SESSION_POD_APP,
        workspace_id: sanitiseLabelValue(request.sessionId),
        workspace_tenant: sanitiseLabelValue(request.tenantId),
      },
      // Label values are normalised (lowercase, limited characters); the janitor needs the exact id
      // to find the session record, so it is also kept verbatim here.
      annotations: {
        [SESSION_ID_ANNOTATION]: request.sessionId,
        ...(request.provisioningUntil === undefined
          ? {}
          : { [PROVISIONING_UNTIL_ANNOTATION]: request.provisioningUntil.toISOString() }),
      },
    },
    spec: {
      restartPolicy: 'Never',
      // Agent code runs here: never a Kubernetes API token, whatever the service account grants
      // (configuration refuses WORKSPACE_K8S_AUTOMOUNT_SA_TOKEN=true; this holds regardless).
      automountServiceAccountToken: false,
      ...(config.serviceAccount ? { serviceAccountName: config.serviceAccount } : {}),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: config.runAsUser,
        runAsGroup: config.runAsGroup,
        fsGroup: config.fsGroup,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      volumes: [
        { name: 'workspace', emptyDir: {} },
        ...(gitSecret
          ? [{ name: 'git-auth', secret: { secretName: gitSecret, defaultMode: 0o440 } }]
          : []),
      ],
      initContainers: [
        {
          name: 'repo-init',
          image: config.initImage,
          imagePullPolicy: 'Always',
          command: ['sh', '-c', REPO_INIT_SCRIPT],
          env: [
            { name: 'HOME', value: INIT_HOME },
            { name: 'WORKSPACE_WORKDIR', value: config.workdir },
            { name: 'WORKSPACE_REPO_URL', value: request.repoUrl ?? '' },
            { name: 'WORKSPACE_REPO_REF', value: request.repoUrl ? (request.repoRef ?? '') : '' },
          ],
          securityContext: containerSecurity(false),
          volumeMounts: [
            workspaceMount,
            ...(gitSecret ? [{ name: 'git-auth', mountPath: GIT_AUTH_MOUNT, readOnly: true }] : []),
          ],
        },
      ],
      containers: [
        {
          name: config.container,
          image: runnerImage,
          imagePullPolicy: 'IfNotPresent',
          command: [...RUNNER_IDLE_COMMAND],
          workingDir: config.workdir,
          securityContext: containerSecurity(config.readOnlyRootFs),
          volumeMounts: [workspaceMount],
        },
      ],
    },
  };
}
