import type { JsonObject } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { booleanSchema, inputSchema, integerSchema, outputSchema, readString } from '#app/tooling';
import { apiFailure, flag, integer, K8sToolContext, report, SOURCE } from './k8s-context.js';
import { DEPLOYMENT_POLICY, deploymentNameSchema } from './delivery-policy.js';
import { RolloutTimeout, waitForRollout } from './rollout-snapshot.js';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const RESTART_DEADLINE_SECONDS = 180;

@Tool({
  name: 'k8s.restart_deployment',
  description:
    'Restart a deployment (pod-template restartedAt annotation), optionally waiting for the rollout.',
  inputSchema: inputSchema(
    {
      namespace: { type: 'string', description: 'Namespace (default: the session namespace)' },
      deployment_name: deploymentNameSchema,
      wait_for_rollout: booleanSchema('Wait until the rollout completes', false),
      timeout_seconds: integerSchema('Give up waiting after this many seconds', 1, 1800, 120),
      poll_interval_ms: integerSchema('Delay between polls', 100, 10_000, 1000),
    },
    ['deployment_name'],
  ),
  outputSchema: outputSchema({
    namespace: 'string',
    deployment_name: 'string',
    restarted_at: 'string',
    previous_restarted_at: 'string',
    generation: 'integer',
    observed_generation: 'integer',
    rollout_status: 'string',
    rollout: 'object',
    source: 'string',
    summary: 'string',
  }),
  scope: 'cluster',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: RESTART_DEADLINE_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: DEPLOYMENT_POLICY,
  examples: [{ deployment_name: 'web', wait_for_rollout: true }],
})
export class RestartDeploymentTool implements ToolHandler {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const name = readString(ctx.args, 'deployment_name');
    const apps = this.k8s.client().apps;
    const missing = `deployment not found: ${name}`;
    const deployment = await apps
      .readNamespacedDeployment({ name, namespace })
      .catch((error: unknown) => {
        throw apiFailure(error, missing);
      });
    const annotations = (deployment.spec!.template.metadata ??= {}).annotations ?? {};
    const previous = annotations[RESTARTED_AT] ?? '';
    const restartedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    deployment.spec!.template.metadata.annotations = {
      ...annotations,
      [RESTARTED_AT]: restartedAt,
    };
    const updated = await apps
      .replaceNamespacedDeployment({ name, namespace, body: deployment })
      .catch((error: unknown) => {
        throw apiFailure(error, missing);
      });
    const output: JsonObject = {
      namespace,
      deployment_name: name,
      restarted_at: restartedAt,
      previous_restarted_at: previous,
      generation: updated.metadata?.generation ?? 0,
      observed_generation: updated.status?.observedGeneration ?? 0,
      rollout_status: 'pending',
      source: SOURCE,
      summary: `deployment ${name} restarted at ${restartedAt}`,
    };
    if (!flag(ctx.args, 'wait_for_rollout')) {
      return report(ctx.toolName, output);
    }
    const timeoutSeconds = Math.min(
      integer(ctx.args, 'timeout_seconds', 120, 1, 1800),
      RESTART_DEADLINE_SECONDS,
    );
    try {
      const { snapshot } = await waitForRollout(
        apps,
        { name, namespace },
        {
          timeoutMs: timeoutSeconds * 1000,
          pollIntervalMs: integer(ctx.args, 'poll_interval_ms', 1000, 100, 10_000),
          signal: ctx.signal,
        },
      );
      return report(ctx.toolName, {
        ...output,
        observed_generation: snapshot['observed_generation'] ?? 0,
        rollout_status: 'completed',
        rollout: snapshot,
        summary: `deployment ${name} restarted and rolled out`,
      });
    } catch (error) {
      if (error instanceof RolloutTimeout) {
        return {
          output: { ...output, rollout: error.snapshot },
          error: { code: 'timeout', message: error.message, retryable: true },
        };
      }
      throw error;
    }
  }
}
