import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { JsonObject } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { booleanSchema, inputSchema, integerSchema, outputSchema } from '#app/tooling';
import {
  apiFailure,
  byName,
  flag,
  integer,
  K8sToolContext,
  labelsOf,
  NAMESPACE_POLICY,
  namespaceSchema,
  optionalString,
  report,
  selectorSchemas,
  SOURCE,
  timestamp,
} from './k8s-context.js';

@Tool({
  name: 'k8s.get_pods',
  description:
    'List pods of a namespace with phase, readiness, restarts and optionally containers and labels.',
  inputSchema: inputSchema({
    namespace: namespaceSchema,
    ...selectorSchemas,
    max_pods: integerSchema('At most this many pods', 1, 500, 100),
    include_containers: booleanSchema('Add per-container details', false),
    include_labels: booleanSchema('Add pod labels', false),
  }),
  outputSchema: outputSchema({
    namespace: 'string',
    pods: 'array',
    count: 'integer',
    truncated: 'boolean',
    source: 'string',
    summary: 'string',
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
export class GetPodsTool implements ToolHandler {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const max = integer(ctx.args, 'max_pods', 100, 1, 500);
    const list = await this.k8s
      .client()
      .core.listNamespacedPod({
        namespace,
        labelSelector: optionalString(ctx.args, 'label_selector'),
        fieldSelector: optionalString(ctx.args, 'field_selector'),
      })
      .catch((error: unknown) => {
        throw apiFailure(error);
      });
    const items = [...list.items].sort(byName);
    const pods = items
      .slice(0, max)
      .map((pod) =>
        describePod(pod, flag(ctx.args, 'include_containers'), flag(ctx.args, 'include_labels')),
      );
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
