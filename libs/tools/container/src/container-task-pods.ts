import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { AppException } from '#app/errors';
import type { ToolContext } from '#app/tool-registry';
import { apiReason, KubernetesClient } from '#app/kubernetes';
import { DEFAULT_TIMINGS, KubernetesContainerRuntime, type TaskPodTimings } from './kubernetes-container-runtime.js';

const DEFAULT_ID = 1000;

/**
 * Opens the task-pod runtime of a kubernetes session (CATALOG.md 18) with the service's own client
 * (`KubernetesClient`, empty with the local backend) and the session pods' security identity.
 */
@Injectable()
export class ContainerTaskPods {
  timings: TaskPodTimings = DEFAULT_TIMINGS;

  constructor(
    private readonly kube: KubernetesClient,
    private readonly config: AppConfig,
  ) {}

  open(ctx: ToolContext): KubernetesContainerRuntime {
    const client = this.kube.require();
    const kubernetes = this.config.kubernetes;
    return new KubernetesContainerRuntime(
      client,
      {
        sessionId: ctx.session.id,
        tenantId: ctx.session.principal.tenant_id,
        namespace: ctx.session.runtime.namespace ?? kubernetes?.namespace ?? 'default',
        security: {
          runAsUser: kubernetes?.runAsUser ?? DEFAULT_ID,
          runAsGroup: kubernetes?.runAsGroup ?? DEFAULT_ID,
          fsGroup: kubernetes?.fsGroup ?? DEFAULT_ID,
          readOnlyRootFs: kubernetes?.readOnlyRootFs ?? false,
          ...(kubernetes?.serviceAccount ? { serviceAccountName: kubernetes.serviceAccount } : {}),
        },
        signal: ctx.signal,
      },
      this.timings,
    );
  }
}

/** CATALOG.md 18: Kubernetes mode never simulates; API errors are retryable `execution_failed`. */
export function kubeApiFailure(error: unknown): AppException {
  if (error instanceof AppException) {
    return error;
  }
  return new AppException('execution_failed', `kubernetes API error: ${apiReason(error)}`, { retryable: true });
}
