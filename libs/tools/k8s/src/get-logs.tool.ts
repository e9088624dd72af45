import { Type } from '@sinclair/typebox';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { textArtifact } from '#app/tooling';
import {
  apiFailure,
  K8sToolContext,
  NAMESPACE_POLICY,
  NamespaceArg,
  nonBlank,
  report,
  SOURCE,
} from './k8s-context.js';

const K8sGetLogsArgs = ToolArgs({
  namespace: NamespaceArg,
  pod_name: Type.String({ description: 'Pod name' }),
  container: Type.Optional(
    Type.String({ description: "Container (default: the pod's only/first container)" }),
  ),
  tail_lines: Defaulted(
    Type.Integer({
      description: 'Last lines to return',
      minimum: 1,
      maximum: 10_000,
      default: 200,
    }),
  ),
  since_seconds: Defaulted(
    Type.Integer({
      description: 'Only lines newer than this many seconds (0 = all)',
      minimum: 0,
      maximum: 604_800,
      default: 0,
    }),
  ),
  previous: Defaulted(
    Type.Boolean({ description: "The previous (terminated) container's log", default: false }),
  ),
  max_bytes: Defaulted(
    Type.Integer({
      description: 'Byte cap of the returned log',
      minimum: 1024,
      maximum: 2_097_152,
      default: 262_144,
    }),
  ),
});

@Tool({
  name: 'k8s.get_logs',
  description: 'Read the recent log of one pod container.',
  inputSchema: K8sGetLogsArgs,
  outputSchema: ToolOutput({
    namespace: Type.String(),
    pod_name: Type.String(),
    container: Type.String(),
    bytes: Type.Integer(),
    line_count: Type.Integer(),
    truncated: Type.Boolean(),
    logs: Type.String(),
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
  examples: [{ pod_name: 'web-7d9f8b6c5-abcde', tail_lines: 100 }],
})
export class K8sGetLogsTool implements ToolHandler<typeof K8sGetLogsArgs> {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext<typeof K8sGetLogsArgs>): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const podName = ctx.args.pod_name;
    const client = this.k8s.client();
    const missing = `pod not found: ${podName}`;
    const pod = await client.core
      .readNamespacedPod({ name: podName, namespace })
      .catch((error: unknown) => {
        throw apiFailure(error, missing);
      });
    const container = nonBlank(ctx.args.container) ?? pod.spec?.containers[0]?.name ?? '';
    const maxBytes = ctx.args.max_bytes;
    const since = ctx.args.since_seconds;
    const text = await client.core
      .readNamespacedPodLog({
        name: podName,
        namespace,
        container,
        tailLines: ctx.args.tail_lines,
        ...(since > 0 ? { sinceSeconds: since } : {}),
        previous: ctx.args.previous,
        // One byte more than the cap tells whether the log was cut.
        limitBytes: maxBytes + 1,
      })
      .catch((error: unknown) => {
        throw apiFailure(error, missing);
      });
    const raw = Buffer.from(String(text ?? ''), 'utf8');
    const truncated = raw.length > maxBytes;
    const logs = raw.subarray(0, maxBytes).toString('utf8');
    const lineCount =
      logs === ''
        ? 0
        : logs.split('\n').filter((line, index, all) => line !== '' || index < all.length - 1)
            .length;
    const result = report(ctx.toolName, {
      namespace,
      pod_name: podName,
      container,
      bytes: Buffer.byteLength(logs),
      line_count: lineCount,
      truncated,
      logs,
      source: SOURCE,
      summary: `${lineCount} log line(s) from ${podName}/${container}${truncated ? ' (truncated)' : ''}`,
    });
    return {
      ...result,
      artifacts: [...(result.artifacts ?? []), textArtifact('k8s-get-logs.txt', logs)],
    };
  }
}
