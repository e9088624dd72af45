import { Type } from '@sinclair/typebox';
import {
  Defaulted,
  OpaqueObject,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { K8sToolContext, NamespaceArg, report, SOURCE } from './k8s-context.js';
import { DEPLOYMENT_POLICY, DeploymentNameArg } from './delivery-policy.js';
import { RolloutTimeout, waitForRollout } from './rollout-snapshot.js';

/** The capability deadline bounds every wait (CATALOG.md 19). */
export const ROLLOUT_STATUS_DEADLINE_SECONDS = 120;

const K8sRolloutStatusArgs = ToolArgs({
  namespace: NamespaceArg,
  deployment_name: DeploymentNameArg,
  timeout_seconds: Defaulted(
    Type.Integer({
      description: 'Give up after this many seconds',
      minimum: 1,
      maximum: 1800,
      default: 120,
    }),
  ),
  poll_interval_ms: Defaulted(
    Type.Integer({
      description: 'Delay between polls',
      minimum: 100,
      maximum: 10_000,
      default: 1000,
    }),
  ),
});

@Tool({
  name: 'k8s.rollout_status',
  description: 'Wait (bounded) until a deployment rollout completes and report its status.',
  inputSchema: K8sRolloutStatusArgs,
  outputSchema: ToolOutput({
    namespace: Type.String(),
    deployment_name: Type.String(),
    status: Type.String(),
    duration_ms: Type.Integer(),
    rollout: OpaqueObject(),
    source: Type.String(),
    summary: Type.String(),
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
export class K8sRolloutStatusTool implements ToolHandler<typeof K8sRolloutStatusArgs> {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext<typeof K8sRolloutStatusArgs>): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const name = ctx.args.deployment_name;
    const timeoutSeconds = Math.min(ctx.args.timeout_seconds, ROLLOUT_STATUS_DEADLINE_SECONDS);
    try {
      const { snapshot, durationMs } = await waitForRollout(
        this.k8s.client().apps,
        { name, namespace },
        {
          timeoutMs: timeoutSeconds * 1000,
          pollIntervalMs: ctx.args.poll_interval_ms,
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
