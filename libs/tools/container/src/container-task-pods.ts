import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { AppException } from '#app/errors';
import { apiReason, KubernetesClient } from '#app/kubernetes';
import type { ToolContext, ToolResult } from '#app/tool-registry';
import { type ContainerCall, containerReport } from './container-call.js';
import { ContainerRuntime } from './container-runtime.port.js';
import { LocalContainerRuntime } from './local-container-runtime.js';
import { SessionTaskPods } from './session-task-pods.js';
import type { KubeOutcome } from './task-pod-calls.js';
import { DEFAULT_TIMINGS, type TaskPodTimings } from './task-pod-lifecycle.js';

const DEFAULT_ID = 1000;

/**
 * The kubernetes backend's `ContainerRuntime` (CATALOG.md 18 "Kubernetes task pods"): a session's
 * calls go to its task pods through the service's own client, with the session pods' security
 * identity, and are never simulated, strict or not. A stored local session record still gets the
 * local runtime, as it gets the local workspace runtime.
 */
@Injectable()
export class ContainerTaskPods extends ContainerRuntime {
  timings: TaskPodTimings = DEFAULT_TIMINGS;

  constructor(
    private readonly kube: KubernetesClient,
    private readonly config: AppConfig,
    private readonly local: LocalContainerRuntime = new LocalContainerRuntime(),
  ) {
    super();
  }

  override async runCall(ctx: ToolContext, call: ContainerCall): Promise<ToolResult> {
    if (ctx.session.runtime.kind !== 'kubernetes') {
      return this.local.runCall(ctx, call);
    }
    let outcome: KubeOutcome;
    try {
      outcome = await call.kubernetes(this.open(ctx));
    } catch (error) {
      throw kubeApiFailure(error);
    }
    return containerReport(call.verb, outcome.output, outcome.text, [], outcome.error);
  }

  open(ctx: ToolContext): SessionTaskPods {
    const client = this.kube.require();
    const kubernetes = this.config.kubernetes;
    return new SessionTaskPods(
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
  return new AppException('execution_failed', `kubernetes API error: ${apiReason(error)}`, {
    retryable: true,
  });
}
