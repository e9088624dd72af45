import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { booleanSchema, inputSchema, integerSchema, outputSchema } from '#app/tooling';
import {
  apiFailure,
  flag,
  integer,
  K8sToolContext,
  NAMESPACE_POLICY,
  namespaceSchema,
  optionalString,
  report,
  selectorSchemas,
  SOURCE,
} from './k8s-context.js';

@Tool({
  name: 'k8s.get_images',
  description:
    'Count the container images (init and regular containers) used by the selected pods.',
  inputSchema: inputSchema({
    namespace: namespaceSchema,
    ...selectorSchemas,
    max_images: integerSchema('At most this many images', 1, 1000, 200),
    include_workloads: booleanSchema(
      'Add the pods and pod/container pairs using each image',
      false,
    ),
  }),
  outputSchema: outputSchema({
    namespace: 'string',
    images: 'array',
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
  timeoutSeconds: 45,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: NAMESPACE_POLICY,
  examples: [{}, { include_workloads: true }],
})
export class GetImagesTool implements ToolHandler {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const max = integer(ctx.args, 'max_images', 200, 1, 1000);
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
    const withWorkloads = flag(ctx.args, 'include_workloads');
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
