import type { V1Deployment } from '@kubernetes/client-node';
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

const K8sGetDeploymentsArgs = ToolArgs({
  namespace: NamespaceArg,
  ...SelectorArgs,
  max_deployments: Defaulted(
    Type.Integer({
      description: 'At most this many deployments',
      minimum: 1,
      maximum: 500,
      default: 100,
    }),
  ),
  include_containers: Defaulted(
    Type.Boolean({ description: 'Add container names and images', default: false }),
  ),
  include_labels: Defaulted(Type.Boolean({ description: 'Add deployment labels', default: false })),
});

@Tool({
  name: 'k8s.get_deployments',
  description:
    'List deployments of a namespace with strategy and replica counts, optionally containers and labels.',
  inputSchema: K8sGetDeploymentsArgs,
  outputSchema: ToolOutput({
    namespace: Type.String(),
    deployments: OpaqueArray(),
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
  examples: [{}, { include_containers: true }],
})
export class K8sGetDeploymentsTool implements ToolHandler<typeof K8sGetDeploymentsArgs> {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext<typeof K8sGetDeploymentsArgs>): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const max = ctx.args.max_deployments;
    const list = await this.k8s
      .client()
      .apps.listNamespacedDeployment({
        namespace,
        labelSelector: nonBlank(ctx.args.label_selector),
        fieldSelector: nonBlank(ctx.args.field_selector),
      })
      .catch((error: unknown) => {
        throw apiFailure(error);
      });
    const items = [...list.items].sort(byName);
    const deployments = items
      .slice(0, max)
      .map((deployment) =>
        describeDeployment(deployment, ctx.args.include_containers, ctx.args.include_labels),
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
