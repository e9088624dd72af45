import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  booleanSchema,
  inputSchema,
  integerSchema,
  outputSchema,
  readString,
  textArtifact,
} from '#app/tooling';
import {
  apiFailure,
  flag,
  integer,
  K8sToolContext,
  NAMESPACE_POLICY,
  namespaceSchema,
  optionalString,
  report,
  SOURCE,
} from './k8s-context.js';

@Tool({
  name: 'k8s.get_logs',
  description: 'Read the recent log of one pod container.',
  inputSchema: inputSchema(
    {
      namespace: namespaceSchema,
      pod_name: { type: 'string', description: 'Pod name' },
      container: {
        type: 'string',
        description: "Container (default: the pod's only/first container)",
      },
      tail_lines: integerSchema('Last lines to return', 1, 10_000, 200),
      since_seconds: integerSchema(
        'Only lines newer than this many seconds (0 = all)',
        0,
        604_800,
        0,
      ),
      previous: booleanSchema("The previous (terminated) container's log", false),
      max_bytes: integerSchema('Byte cap of the returned log', 1024, 2_097_152, 262_144),
    },
    ['pod_name'],
  ),
  outputSchema: outputSchema({
    namespace: 'string',
    pod_name: 'string',
    container: 'string',
    bytes: 'integer',
    line_count: 'integer',
    truncated: 'boolean',
    logs: 'string',
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
  examples: [{ pod_name: 'web-7d9f8b6c5-abcde', tail_lines: 100 }],
})
export class GetLogsTool implements ToolHandler {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const podName = readString(ctx.args, 'pod_name');
    const client = this.k8s.client();
    const missing = `pod not found: ${podName}`;
    const pod = await client.core
      .readNamespacedPod({ name: podName, namespace })
      .catch((error: unknown) => {
        throw apiFailure(error, missing);
      });
    const container = optionalString(ctx.args, 'container') ?? pod.spec?.containers[0]?.name ?? '';
    const maxBytes = integer(ctx.args, 'max_bytes', 262_144, 1024, 2_097_152);
    const since = integer(ctx.args, 'since_seconds', 0, 0, 604_800);
    const text = await client.core
      .readNamespacedPodLog({
        name: podName,
        namespace,
        container,
        tailLines: integer(ctx.args, 'tail_lines', 200, 1, 10_000),
        ...(since > 0 ? { sinceSeconds: since } : {}),
        previous: flag(ctx.args, 'previous'),
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
