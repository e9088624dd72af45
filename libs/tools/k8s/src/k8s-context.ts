import { Injectable } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { AppConfig } from '#app/config';
import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolResult } from '#app/tool-registry';
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
  namespace(ctx: { args: { namespace?: string }; session: Session }): string {
    const requested = ctx.args.namespace;
    if (requested !== undefined && requested.trim() !== '') {
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

/** The optional `namespace` member of every `k8s.*` tool. */
export const NamespaceArg = Type.Optional(
  Type.String({ description: 'Namespace (default: the session namespace)' }),
);

/** The optional selector members of the list tools, passed to the API server when not blank. */
export const SelectorArgs = {
  label_selector: Type.Optional(Type.String({ description: 'Label selector, e.g. app=web' })),
  field_selector: Type.Optional(
    Type.String({ description: 'Field selector, e.g. status.phase=Running' }),
  ),
};

/** A string member that says nothing when blank (selectors, container): `undefined` then. */
export function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
