import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { JsonObject } from '#app/contracts';
import { Type } from '@sinclair/typebox';
import {
  Defaulted,
  OpaqueArray,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import {
  apiFailure,
  byName,
  K8sToolContext,
  labelsOf,
  NAMESPACE_POLICY,
  NamespaceArg,
  nonBlank,
  report,
  SelectorArgs,
  SOURCE,
  timestamp,
} from './k8s-context.js';

const K8sGetPodsArgs = ToolArgs({
  namespace: NamespaceArg,
  ...SelectorArgs,
  max_pods: Defaulted(
    Type.Integer({ description: 'At most this many pods', minimum: 1, maximum: 500, default: 100 }),
  ),
  include_containers: Defaulted(
    Type.Boolean({ description: 'Add per-container details', default: false }),
  ),
  include_labels: Defaulted(Type.Boolean({ description: 'Add pod labels', default: false })),
});

@Tool({
  name: 'k8s.get_pods',
  description:
    'List pods of a namespace with phase, readiness, restarts and optionally containers and labels.',
  inputSchema: K8sGetPodsArgs,
  outputSchema: ToolOutput({
    namespace: Type.String(),
    pods: OpaqueArray(),
    count: Type.Integer(),
    truncated: Type.Boolean(),
    source: Type.String(),
    summary: Type.String(),
  }),
  scope: 'cluster',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 30,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: NAMESPACE_POLICY,
  examples: [{}, { label_selector: 'app=web', include_containers: true }],
})
export class K8sGetPodsTool implements ToolHandler<typeof K8sGetPodsArgs> {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext<typeof K8sGetPodsArgs>): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const max = ctx.args.max_pods;
    const list = await this.k8s
      .client()
      .core.listNamespacedPod({
        namespace,
        labelSelector: nonBlank(ctx.args.label_selector),
        fieldSelector: nonBlank(ctx.args.field_selector),
      })
      .catch((error: unknown) => {
        throw apiFailure(error);
      });
    const items = [...list.items].sort(byName);
    const pods = items
      .slice(0, max)
      .map((pod) => describePod(pod, ctx.args.include_containers, ctx.args.include_labels));
    return report(ctx.toolName, {
      namespace,
      pods,
      count: pods.length,
      truncated: items.length > max,
      source: SOURCE,
      summary: `${pods.length} pod(s) in namespace ${namespace}${items.length > max ? ` (of ${items.length})` : ''}`,
    });
  }
}

function describePod(pod: V1Pod, includeContainers: boolean, includeLabels: boolean): JsonObject {
  const statuses = pod.status?.containerStatuses ?? [];
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    phase: pod.status?.phase ?? '',
    node_name: pod.spec?.nodeName ?? '',
    pod_ip: pod.status?.podIP ?? '',
    host_ip: pod.status?.hostIP ?? '',
    qos_class: pod.status?.qosClass ?? '',
    ready_containers: statuses.filter((status) => status.ready).length,
    total_containers: pod.spec?.containers.length ?? statuses.length,
    restart_count: statuses.reduce((sum, status) => sum + (status.restartCount ?? 0), 0),
    created_at: timestamp(pod.metadata?.creationTimestamp),
    ...(includeLabels ? { labels: labelsOf(pod.metadata?.labels) } : {}),
    ...(includeContainers
      ? {
          containers: (pod.spec?.containers ?? []).map((container) => {
            const status = statuses.find((entry) => entry.name === container.name);
            return {
              name: container.name,
              image: container.image ?? '',
              ready: status?.ready ?? false,
              restart_count: status?.restartCount ?? 0,
              state: containerState(status),
            };
          }),
        }
      : {}),
  };
}

function containerState(status: V1ContainerStatus | undefined): string {
  if (status?.state?.running) {
    return 'running';
  }
  if (status?.state?.waiting) {
    return 'waiting';
  }
  return status?.state?.terminated ? 'terminated' : 'unknown';
}
