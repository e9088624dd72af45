import { setTimeout as sleep } from 'node:timers/promises';
import type { AppsV1Api, V1Deployment } from '@kubernetes/client-node';
import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import { apiFailure, timestamp } from './k8s-context.js';

/** CATALOG.md 19 `rollout` object. */
export function rolloutSnapshot(deployment: V1Deployment): JsonObject {
  const status = deployment.status ?? {};
  const generation = deployment.metadata?.generation ?? 0;
  const observed = status.observedGeneration ?? 0;
  const desired = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const unavailable = status.unavailableReplicas ?? 0;
  const conditions = [...(status.conditions ?? [])]
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
    .map((condition) => ({
      type: condition.type,
      status: condition.status,
      reason: condition.reason ?? '',
      message: condition.message ?? '',
      last_update_time: timestamp(condition.lastUpdateTime),
      last_transition_at: timestamp(condition.lastTransitionTime),
    }));
  return {
    generation,
    observed_generation: observed,
    desired_replicas: desired,
    updated_replicas: updated,
    ready_replicas: ready,
    available_replicas: available,
    unavailable_replicas: unavailable,
    conditions,
    completed:
      observed >= generation &&
      updated >= desired &&
      ready >= desired &&
      available >= desired &&
      unavailable === 0,
  };
}

/**
 * Polls the deployment until the rollout completes; bounded by `timeoutMs` and the invocation
 * signal. Expiry → retryable `timeout` carrying the last snapshot in the message context.
 */
export async function waitForRollout(
  apps: AppsV1Api,
  target: { name: string; namespace: string },
  options: { timeoutMs: number; pollIntervalMs: number; signal: AbortSignal },
): Promise<{ snapshot: JsonObject; durationMs: number }> {
  const started = Date.now();
  let snapshot: JsonObject = {};
  for (;;) {
    const deployment = await apps.readNamespacedDeployment(target).catch((error: unknown) => {
      throw apiFailure(error, `deployment not found: ${target.name}`);
    });
    snapshot = rolloutSnapshot(deployment);
    if (snapshot['completed'] === true) {
      return { snapshot, durationMs: Date.now() - started };
    }
    const elapsed = Date.now() - started;
    if (elapsed + options.pollIntervalMs > options.timeoutMs || options.signal.aborted) {
      throw new RolloutTimeout(snapshot, Math.round(options.timeoutMs / 1000));
    }
    await sleep(options.pollIntervalMs, undefined, { signal: options.signal }).catch(
      () => undefined,
    );
  }
}

/** `timeout` (retryable) with the last snapshot kept for the result. */
export class RolloutTimeout extends AppException {
  constructor(
    readonly snapshot: JsonObject,
    seconds: number,
  ) {
    super('timeout', `rollout did not complete within ${seconds}s`, { retryable: true });
  }
}
