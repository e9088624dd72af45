import type { V1Deployment } from '@kubernetes/client-node';
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
  name: 'k8s.get_deployments',
  description:
    'List deployments of a namespace with strategy and replica counts, optionally containers and labels.',
  inputSchema: inputSchema({
    namespace: namespaceSchema,
    ...selectorSchemas,
    max_deployments: integerSchema('At most this many deployments', 1, 500, 100),
    include_containers: booleanSchema('Add container names and images', false),
    include_labels: booleanSchema('Add deployment labels', false),
  }),
  outputSchema: outputSchema({
    namespace: 'string',
    deployments: 'array',
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
  examples: [{}, { include_containers: true }],
})
export class GetDeploymentsTool implements ToolHandler {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const max = integer(ctx.args, 'max_deployments', 100, 1, 500);
    const list = await this.k8s
      .client()
      .apps.listNamespacedDeployment({
        namespace,
        labelSelector: optionalString(ctx.args, 'label_selector'),
        fieldSelector: optionalString(ctx.args, 'field_selector'),
      })
      .catch((error: unknown) => {
        throw apiFailure(error);
      });
    const items = [...list.items].sort(byName);
    const deployments = items
      .slice(0, max)
      .map((deployment) =>
        describeDeployment(
          deployment,
          flag(ctx.args, 'include_containers'),
          flag(ctx.args, 'include_labels'),
        ),
      );
    return report(ctx.toolName, {
      namespace,
      deployments,
      count: deployments.length,
      truncated: items.length > max,
      source: SOURCE,
      summary: `${deployments.length} deployment(s) in namespace ${namespace}`,
    });
  }
}

function describeDeployment(
  deployment: V1Deployment,
  includeContainers: boolean,
  includeLabels: boolean,
): JsonObject {
  const status = deployment.status;
  return {
    name: deployment.metadata?.name ?? '',
    namespace: deployment.metadata?.namespace ?? '',
    strategy: deployment.spec?.strategy?.type ?? 'RollingUpdate',
    replicas: deployment.spec?.replicas ?? 1,
    ready_replicas: status?.readyReplicas ?? 0,
    updated_replicas: status?.updatedReplicas ?? 0,
    available_replicas: status?.availableReplicas ?? 0,
    unavailable_replicas: status?.unavailableReplicas ?? 0,
    selector: { ...(deployment.spec?.selector?.matchLabels ?? {}) },
    created_at: timestamp(deployment.metadata?.creationTimestamp),
    ...(includeLabels ? { labels: labelsOf(deployment.metadata?.labels) } : {}),
    ...(includeContainers
      ? {
          containers: (deployment.spec?.template.spec?.containers ?? []).map((c) => ({
            name: c.name,
            image: c.image ?? '',
          })),
        }
      : {}),
  };
}
