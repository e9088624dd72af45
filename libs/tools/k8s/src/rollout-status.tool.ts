import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { inputSchema, integerSchema, outputSchema, readString } from '#app/tooling';
import { integer, K8sToolContext, report, SOURCE } from './k8s-context.js';
import { DEPLOYMENT_POLICY, deploymentNameSchema } from './delivery-policy.js';
import { RolloutTimeout, waitForRollout } from './rollout-snapshot.js';

/** The capability deadline bounds every wait (CATALOG.md 19). */
export const ROLLOUT_STATUS_DEADLINE_SECONDS = 120;

@Tool({
  name: 'k8s.rollout_status',
  description: 'Wait (bounded) until a deployment rollout completes and report its status.',
  inputSchema: inputSchema(
    {
      namespace: { type: 'string', description: 'Namespace (default: the session namespace)' },
      deployment_name: deploymentNameSchema,
      timeout_seconds: integerSchema('Give up after this many seconds', 1, 1800, 120),
      poll_interval_ms: integerSchema('Delay between polls', 100, 10_000, 1000),
    },
    ['deployment_name'],
  ),
  outputSchema: outputSchema({
    namespace: 'string',
    deployment_name: 'string',
    status: 'string',
    duration_ms: 'integer',
    rollout: 'object',
    source: 'string',
    summary: 'string',
  }),
  scope: 'cluster',
  sideEffects: 'none',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'guaranteed',
  timeoutSeconds: ROLLOUT_STATUS_DEADLINE_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: DEPLOYMENT_POLICY,
  examples: [{ deployment_name: 'web', timeout_seconds: 60 }],
})
export class RolloutStatusTool implements ToolHandler {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const name = readString(ctx.args, 'deployment_name');
    const timeoutSeconds = Math.min(
      integer(ctx.args, 'timeout_seconds', 120, 1, 1800),
      ROLLOUT_STATUS_DEADLINE_SECONDS,
    );
    try {
      const { snapshot, durationMs } = await waitForRollout(
        this.k8s.client().apps,
        { name, namespace },
        {
          timeoutMs: timeoutSeconds * 1000,
          pollIntervalMs: integer(ctx.args, 'poll_interval_ms', 1000, 100, 10_000),
          signal: ctx.signal,
        },
      );
      return report(ctx.toolName, {
        namespace,
        deployment_name: name,
        status: 'completed',
        duration_ms: durationMs,
        rollout: snapshot,
        source: SOURCE,
        summary: `deployment ${name} rolled out in ${durationMs} ms`,
      });
    } catch (error) {
      if (error instanceof RolloutTimeout) {
        return {
          output: {
            namespace,
            deployment_name: name,
            rollout: error.snapshot,
            source: SOURCE,
            summary: error.message,
          },
          error: { code: 'timeout', message: error.message, retryable: true },
        };
      }
      throw error;
    }
  }
}
