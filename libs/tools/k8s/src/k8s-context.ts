import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import type { JsonObject, JsonSchema, JsonValue } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolContext, ToolResult } from '#app/tool-registry';
import { jsonArtifact } from '#app/tooling';
import { apiReason, isNotFound, type KubeClient, KubernetesClient } from '#app/kubernetes';

export const SOURCE = 'k8s_sdk';

/** What every `k8s.*` handler needs: the service's own client and the namespace rules (CATALOG.md 19). */
@Injectable()
export class K8sToolContext {
  constructor(
    private readonly kube: KubernetesClient,
    private readonly config: AppConfig,
  ) {}

  client(): KubeClient {
    return this.kube.require();
  }

  /** The `namespace` arg, else the session's, else `WORKSPACE_K8S_NAMESPACE`, else `default`. */
  namespace(ctx: ToolContext): string {
    const requested = ctx.args['namespace'];
    if (typeof requested === 'string' && requested.trim() !== '') {
      return requested.trim();
    }
    return ctx.session.runtime.namespace ?? this.config.kubernetes?.namespace ?? 'default';
  }
}

/** API failures are retryable `execution_failed`; `NotFound` becomes `not_found` where the tool says so. */
export function apiFailure(error: unknown, notFound?: string): AppException {
  if (error instanceof AppException) {
    return error;
  }
  if (notFound !== undefined && isNotFound(error)) {
    return new AppException('not_found', notFound);
  }
  return new AppException('execution_failed', `kubernetes API error: ${apiReason(error)}`, {
    retryable: true,
  });
}

/** The common result: output plus the `k8s-<verb>-report.json` artifact. */
export function report(toolName: string, output: JsonObject): ToolResult {
  const verb = toolName.slice('k8s.'.length).replaceAll('_', '-');
  return { output, artifacts: [jsonArtifact(`k8s-${verb}-report.json`, output)] };
}

export function timestamp(value: Date | string | undefined): string {
  if (value === undefined) {
    return '';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

export function byName<T extends { metadata?: { name?: string } }>(a: T, b: T): number {
  const left = a.metadata?.name ?? '';
  const right = b.metadata?.name ?? '';
  return left < right ? -1 : left > right ? 1 : 0;
}

export function labelsOf(labels: Record<string, string> | undefined): JsonObject {
  return { ...(labels ?? {}) };
}

export const NAMESPACE_POLICY = { namespace_fields: ['namespace'] };

export const namespaceSchema: JsonSchema = {
  type: 'string',
  description: 'Namespace (default: the session namespace)',
};
export const selectorSchemas: Record<string, JsonSchema> = {
  label_selector: { type: 'string', description: 'Label selector, e.g. app=web' },
  field_selector: { type: 'string', description: 'Field selector, e.g. status.phase=Running' },
};

export function optionalString(args: JsonObject, name: string): string | undefined {
  const value: JsonValue | undefined = args[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function integer(
  args: JsonObject,
  name: string,
  fallback: number,
  minimum: number,
  maximum: number,
): number {
  const value = args[name];
  return typeof value === 'number'
    ? Math.min(maximum, Math.max(minimum, Math.trunc(value)))
    : fallback;
}

export function flag(args: JsonObject, name: string, fallback = false): boolean {
  const value = args[name];
  return typeof value === 'boolean' ? value : fallback;
}
