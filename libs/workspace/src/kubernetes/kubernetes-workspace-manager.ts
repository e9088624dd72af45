import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Pod } from '@kubernetes/client-node';
import type { KubernetesConfig } from '#app/config';
import type { Principal, SessionRuntime } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  apiReason,
  ignoreNotFound,
  isConflict,
  isNotFound,
  type KubeClient,
  pipeBetweenPods,
  type PodExecTarget,
  sanitiseLabelValue,
} from '#app/kubernetes';
import {
  type ProvisionedWorkspace,
  type WorkspaceCreateRequest,
  WorkspaceManager,
} from '../workspace-manager.port.js';
import { buildSessionPod } from './session-pod.builder.js';
import { archiveCommand, extractCommand } from './workspace-stream.scripts.js';

export const READY_POLL_INTERVAL_MS = 1500;

type SessionRef = { id: string; principal: Principal; runtime: SessionRuntime };

/**
 * Pod-per-session workspaces (API.md 8.4): create the pod, wait for `Ready`, delete it on close.
 * `pollIntervalMs` only exists so tests need not wait 1.5 s per poll.
 */
export class KubernetesWorkspaceManager extends WorkspaceManager {
  readonly backend = 'kubernetes' as const;

  constructor(
    private readonly config: KubernetesConfig,
    private readonly client: KubeClient,
    private readonly pollIntervalMs = READY_POLL_INTERVAL_MS,
  ) {
    super();
  }

  async create(request: WorkspaceCreateRequest): Promise<ProvisionedWorkspace> {
    // Builds (and validates the runner profile, 400) before anything exists in the cluster.
    const pod = buildSessionPod(this.config, {
      sessionId: request.sessionId,
      tenantId: request.principal.tenant_id,
      metadata: request.metadata,
      repoUrl: request.repoUrl,
      repoRef: request.repoRef,
      // A fork's record is written only after the stream, which may outlast the janitor's grace.
      ...(request.forkSource === undefined
        ? {}
        : { provisioningUntil: new Date(Date.now() + this.forkProvisioningMs()) }),
    });
    const name = pod.metadata!.name!;
    const namespace = this.config.namespace;
    const forkFrom =
      request.forkSource === undefined ? undefined : this.sourcePod(request.forkSource.runtime);
    try {
      await this.client.core.createNamespacedPod({ namespace, body: pod });
    } catch (error) {
      if (isConflict(error)) {
        throw new AppException('conflict', 'session id conflicts with an existing workspace pod');
      }
      throw new AppException(
        'internal',
        `kubernetes workspace pod create failed: ${apiReason(error)}`,
      );
    }
    try {
      await this.waitReady(name, namespace, request.signal);
    } catch (error) {
      await ignoreNotFound(this.client.core.deleteNamespacedPod({ name, namespace })).catch(
        () => undefined,
      );
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppException('internal', `kubernetes workspace pod not ready: ${reason}`);
    }
    if (forkFrom !== undefined) {
      await this.copyWorkspace(forkFrom, name, request.signal).catch(async (error: unknown) => {
        await ignoreNotFound(this.client.core.deleteNamespacedPod({ name, namespace })).catch(
          () => undefined,
        );
        const reason = error instanceof Error ? error.message : String(error);
        throw new AppException('internal', `source copy failed: ${reason}`, { cause: error });
      });
    }
    return {
      workspacePath: this.config.workdir,
      runtime: {
        kind: 'kubernetes',
        namespace,
        pod_name: name,
        container: this.config.container,
        workdir: this.config.workdir,
      },
    };
  }

  async destroy(session: SessionRef): Promise<void> {
    const namespace = session.runtime.namespace ?? this.config.namespace;
    if (session.runtime.pod_name) {
      await ignoreNotFound(
        this.client.core.deleteNamespacedPod({ name: session.runtime.pod_name, namespace }),
      );
    } else {
      await this.deleteLabelled(namespace, `workspace_id=${sanitiseLabelValue(session.id)}`);
    }
    await this.deleteLabelled(namespace, `workspace_session_id=${sanitiseLabelValue(session.id)}`);
  }

  async exists(session: SessionRef): Promise<boolean> {
    if (!session.runtime.pod_name) {
      return false;
    }
    try {
      await this.client.core.readNamespacedPod({
        name: session.runtime.pod_name,
        namespace: session.runtime.namespace ?? this.config.namespace,
      });
      return true;
    } catch (error) {
      // Only a definite NotFound closes the session; an API hiccup must not.
      return !isNotFound(error);
    }
  }

  /** Readiness and stream deadlines, plus a minute for the record to be written. */
  private forkProvisioningMs(): number {
    return (this.config.readyTimeoutSeconds + this.config.forkTimeoutSeconds + 60) * 1000;
  }

  /** Where a fork's source workspace is read (checked before anything is created). */
  private sourcePod(source: SessionRuntime): { target: PodExecTarget; workdir: string } {
    if (source.kind !== 'kubernetes' || !source.pod_name) {
      throw new AppException('internal', 'source copy failed: the source session has no pod');
    }
    return {
      target: {
        namespace: source.namespace ?? this.config.namespace,
        pod: source.pod_name,
        container: source.container ?? this.config.container,
      },
      workdir: source.workdir,
    };
  }

  /**
   * API.md 5.16: the source pod's workspace archived there, streamed through this process and
   * extracted in the new pod (workspace-stream.scripts.ts), within `WORKSPACE_K8S_FORK_TIMEOUT_SECONDS`
   * and `WORKSPACE_K8S_FORK_MAX_BYTES`.
   */
  private async copyWorkspace(
    source: { target: PodExecTarget; workdir: string },
    podName: string,
    signal?: AbortSignal,
  ): Promise<void> {
    await pipeBetweenPods(this.client, {
      from: {
        target: source.target,
        argv: archiveCommand(source.workdir),
        label: 'archive of the source workspace',
      },
      to: {
        target: {
          namespace: this.config.namespace,
          pod: podName,
          container: this.config.container,
        },
        argv: extractCommand(this.config.workdir),
        label: 'extraction in the new pod',
      },
      timeoutMs: this.config.forkTimeoutSeconds * 1000,
      maxBytes: this.config.forkMaxBytes,
      signal,
    });
  }

  /** Pods are cleaned by the pod janitor (API.md 8.7), not by the session sweeper. */
  async removeOrphans(): Promise<number> {
    return 0;
  }

  private async deleteLabelled(namespace: string, labelSelector: string): Promise<void> {
    const list = await this.client.core.listNamespacedPod({ namespace, labelSelector });
    for (const pod of list.items) {
      if (pod.metadata?.name) {
        await ignoreNotFound(
          this.client.core.deleteNamespacedPod({ name: pod.metadata.name, namespace }),
        );
      }
    }
  }

  /** Polls until `Ready=True`; `NotFound` keeps polling, `Failed`/`Unknown` fail at once. */
  private async waitReady(name: string, namespace: string, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.config.readyTimeoutSeconds * 1000;
    for (;;) {
      if (signal?.aborted) {
        throw new Error('provisioning cancelled');
      }
      let pod: V1Pod | undefined;
      try {
        pod = await this.client.core.readNamespacedPod({ name, namespace });
      } catch (error) {
        if (!isNotFound(error)) {
          throw new Error(apiReason(error), { cause: error });
        }
      }
      if (pod !== undefined) {
        const phase = pod.status?.phase;
        if (phase === 'Failed' || phase === 'Unknown') {
          throw new Error(failureReason(pod, phase));
        }
        if (
          pod.status?.conditions?.some(
            (condition) => condition.type === 'Ready' && condition.status === 'True',
          )
        ) {
          return;
        }
      }
      if (Date.now() + this.pollIntervalMs > deadline) {
        throw new Error(
          `timed out after ${this.config.readyTimeoutSeconds}s waiting for the Ready condition`,
        );
      }
      await sleep(this.pollIntervalMs);
    }
  }
}

/** `phase Failed` plus the init container's termination reason when there is one. */
function failureReason(pod: V1Pod, phase: string): string {
  const init = pod.status?.initContainerStatuses?.find((status) => status.name === 'repo-init');
  const terminated = init?.state?.terminated ?? init?.lastState?.terminated;
  const detail = terminated
    ? `: repo-init ${terminated.reason ?? 'terminated'} (exit ${terminated.exitCode})${terminated.message ? ` ${terminated.message.trim()}` : ''}`
    : pod.status?.reason
      ? `: ${pod.status.reason}`
      : '';
  return `pod phase ${phase}${detail}`;
}
