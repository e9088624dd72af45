import type { V1Service } from '@kubernetes/client-node';
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

const K8sGetServicesArgs = ToolArgs({
  namespace: NamespaceArg,
  ...SelectorArgs,
  max_services: Defaulted(
    Type.Integer({
      description: 'At most this many services',
      minimum: 1,
      maximum: 500,
      default: 100,
    }),
  ),
  include_labels: Defaulted(Type.Boolean({ description: 'Add service labels', default: false })),
});

@Tool({
  name: 'k8s.get_services',
  description:
    'List services of a namespace with type, cluster IP, external addresses, ports and selector.',
  inputSchema: K8sGetServicesArgs,
  outputSchema: ToolOutput({
    namespace: Type.String(),
    services: OpaqueArray(),
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
  examples: [{}, { label_selector: 'app=web' }],
})
export class K8sGetServicesTool implements ToolHandler<typeof K8sGetServicesArgs> {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext<typeof K8sGetServicesArgs>): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const max = ctx.args.max_services;
    const list = await this.k8s
      .client()
      .core.listNamespacedService({
        namespace,
        labelSelector: nonBlank(ctx.args.label_selector),
        fieldSelector: nonBlank(ctx.args.field_selector),
      })
      .catch((error: unknown) => {
        throw apiFailure(error);
      });
    const items = [...list.items].sort(byName);
    const services = items
      .slice(0, max)
      .map((service) => describeService(service, ctx.args.include_labels));
    return report(ctx.toolName, {
      namespace,
      services,
      count: services.length,
      truncated: items.length > max,
      source: SOURCE,
      summary: `${services.length} service(s) in namespace ${namespace}`,
    });
  }
}

function describeService(service: V1Service, includeLabels: boolean): JsonObject {
  const ingress = service.status?.loadBalancer?.ingress ?? [];
  const external = [
    ...(service.spec?.externalIPs ?? []),
    ...ingress.flatMap((entry) =>
      [entry.ip, entry.hostname].filter((value): value is string => Boolean(value)),
    ),
  ].sort();
  const ports = (service.spec?.ports ?? [])
    .map((port) => ({
      name: port.name ?? '',
      protocol: port.protocol ?? 'TCP',
      port: port.port,
      target_port: port.targetPort === undefined ? '' : String(port.targetPort),
      node_port: port.nodePort ?? 0,
    }))
    .sort(
      (a, b) =>
        a.port - b.port || a.protocol.localeCompare(b.protocol) || a.name.localeCompare(b.name),
    );
  return {
    name: service.metadata?.name ?? '',
    namespace: service.metadata?.namespace ?? '',
    type: service.spec?.type ?? 'ClusterIP',
    cluster_ip: service.spec?.clusterIP ?? '',
    external_ips: external,
    ports,
    selector: { ...(service.spec?.selector ?? {}) },
    created_at: timestamp(service.metadata?.creationTimestamp),
    ...(includeLabels ? { labels: labelsOf(service.metadata?.labels) } : {}),
  };
}
