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
  K8sToolContext,
  NAMESPACE_POLICY,
  NamespaceArg,
  nonBlank,
  report,
  SelectorArgs,
  SOURCE,
} from './k8s-context.js';

const K8sGetImagesArgs = ToolArgs({
  namespace: NamespaceArg,
  ...SelectorArgs,
  max_images: Defaulted(
    Type.Integer({
      description: 'At most this many images',
      minimum: 1,
      maximum: 1000,
      default: 200,
    }),
  ),
  include_workloads: Defaulted(
    Type.Boolean({
      description: 'Add the pods and pod/container pairs using each image',
      default: false,
    }),
  ),
});

@Tool({
  name: 'k8s.get_images',
  description:
    'Count the container images (init and regular containers) used by the selected pods.',
  inputSchema: K8sGetImagesArgs,
  outputSchema: ToolOutput({
    namespace: Type.String(),
    images: OpaqueArray(),
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
  timeoutSeconds: 45,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: NAMESPACE_POLICY,
  examples: [{}, { include_workloads: true }],
})
export class K8sGetImagesTool implements ToolHandler<typeof K8sGetImagesArgs> {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext<typeof K8sGetImagesArgs>): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const max = ctx.args.max_images;
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
    const usage = new Map<
      string,
      { occurrences: number; pods: Set<string>; workloads: string[] }
    >();
    for (const pod of list.items) {
      const podName = pod.metadata?.name ?? '';
      for (const container of [
        ...(pod.spec?.initContainers ?? []),
        ...(pod.spec?.containers ?? []),
      ]) {
        const image = container.image ?? '';
        const entry = usage.get(image) ?? {
          occurrences: 0,
          pods: new Set<string>(),
          workloads: [],
        };
        entry.occurrences += 1;
        entry.pods.add(podName);
        entry.workloads.push(`${podName}/${container.name}`);
        usage.set(image, entry);
      }
    }
    const withWorkloads = ctx.args.include_workloads;
    const all = [...usage.entries()]
      .map(([image, entry]) => ({
        image,
        occurrences: entry.occurrences,
        pod_count: entry.pods.size,
        ...(withWorkloads
          ? { pods: [...entry.pods].sort(), workloads: [...entry.workloads].sort() }
          : {}),
      }))
      .sort(
        (a, b) =>
          b.occurrences - a.occurrences || (a.image < b.image ? -1 : a.image > b.image ? 1 : 0),
      );
    const images = all.slice(0, max);
    return report(ctx.toolName, {
      namespace,
      images,
      count: images.length,
      truncated: all.length > max,
      source: SOURCE,
      summary: `${images.length} image(s) across ${list.items.length} pod(s) in namespace ${namespace}`,
    });
  }
}
