import type { JsonObject } from '#app/contracts';
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
import { apiFailure, K8sToolContext, NamespaceArg, report, SOURCE } from './k8s-context.js';
import { DEPLOYMENT_POLICY, DeploymentNameArg } from './delivery-policy.js';
import { RolloutTimeout, waitForRollout } from './rollout-snapshot.js';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const RESTART_DEADLINE_SECONDS = 180;

const K8sRestartDeploymentArgs = ToolArgs({
  namespace: NamespaceArg,
  deployment_name: DeploymentNameArg,
  wait_for_rollout: Defaulted(
    Type.Boolean({ description: 'Wait until the rollout completes', default: false }),
  ),
  timeout_seconds: Defaulted(
    Type.Integer({
      description: 'Give up waiting after this many seconds',
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
  name: 'k8s.restart_deployment',
  description:
    'Restart a deployment (pod-template restartedAt annotation), optionally waiting for the rollout.',
  inputSchema: K8sRestartDeploymentArgs,
  outputSchema: ToolOutput({
    namespace: Type.String(),
    deployment_name: Type.String(),
    restarted_at: Type.String(),
    previous_restarted_at: Type.String(),
    generation: Type.Integer(),
    observed_generation: Type.Integer(),
    rollout_status: Type.String(),
    rollout: OpaqueObject(),
    source: Type.String(),
    summary: Type.String(),
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
export class K8sRestartDeploymentTool implements ToolHandler<typeof K8sRestartDeploymentArgs> {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext<typeof K8sRestartDeploymentArgs>): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const name = ctx.args.deployment_name;
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
    if (!ctx.args.wait_for_rollout) {
      return report(ctx.toolName, output);
    }
    const timeoutSeconds = Math.min(ctx.args.timeout_seconds, RESTART_DEADLINE_SECONDS);
    try {
      const { snapshot } = await waitForRollout(
        apps,
        { name, namespace },
        {
          timeoutMs: timeoutSeconds * 1000,
          pollIntervalMs: ctx.args.poll_interval_ms,
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
