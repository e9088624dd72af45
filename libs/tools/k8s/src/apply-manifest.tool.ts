import type { V1ConfigMap, V1Deployment, V1ObjectMeta, V1Service } from '@kubernetes/client-node';
import type { JsonObject } from '#app/contracts';
import { Type } from '@sinclair/typebox';
import {
  Defaulted,
  OpaqueArray,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { isNotFound, type KubeClient } from '#app/kubernetes';
import { apiFailure, K8sToolContext, NamespaceArg, report, SOURCE } from './k8s-context.js';
import { type AllowedKind, type ManifestObject, parseManifest } from './manifest-objects.js';

type Body = ManifestObject & { kind: AllowedKind };

const K8sApplyManifestArgs = ToolArgs({
  namespace: NamespaceArg,
  manifest: Type.String({ description: 'Multi-document YAML or JSON' }),
  dry_run: Defaulted(Type.Boolean({ description: 'Server-side dry run (All)', default: false })),
  max_objects: Defaulted(
    Type.Integer({
      description: 'At most this many objects',
      minimum: 1,
      maximum: 20,
      default: 10,
    }),
  ),
});

@Tool({
  name: 'k8s.apply_manifest',
  description:
    'Create or update ConfigMaps, Services and Deployments from a YAML/JSON manifest (server-side dry run available).',
  inputSchema: K8sApplyManifestArgs,
  outputSchema: ToolOutput({
    namespace: Type.String(),
    dry_run: Type.Boolean(),
    applied_count: Type.Integer(),
    created_count: Type.Integer(),
    updated_count: Type.Integer(),
    resources: OpaqueArray(),
    source: Type.String(),
    summary: Type.String(),
  }),
  scope: 'cluster',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: 90,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: {
    namespace_fields: ['namespace'],
    arg_fields: [{ field: 'manifest', max_length: 262_144 }],
  },
  examples: [
    {
      manifest:
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  LOG_LEVEL: info\n',
      dry_run: true,
    },
  ],
})
export class K8sApplyManifestTool implements ToolHandler<typeof K8sApplyManifestArgs> {
  constructor(private readonly k8s: K8sToolContext) {}

  async execute(ctx: ToolContext<typeof K8sApplyManifestArgs>): Promise<ToolResult> {
    const namespace = this.k8s.namespace(ctx);
    const dryRun = ctx.args.dry_run;
    const objects = parseManifest(ctx.args.manifest, ctx.args.max_objects, namespace);
    const client = this.k8s.client();
    const resources: JsonObject[] = [];
    for (const object of objects) {
      const operation = await upsert(client, namespace, object, dryRun).catch((error: unknown) => {
        throw apiFailure(error);
      });
      resources.push({
        api_version: object.apiVersion ?? '',
        kind: object.kind,
        name: object.metadata.name,
        namespace,
        operation,
      });
    }
    const created = resources.filter((resource) => resource.operation === 'created').length;
    return report(ctx.toolName, {
      namespace,
      dry_run: dryRun,
      applied_count: resources.length,
      created_count: created,
      updated_count: resources.length - created,
      resources,
      source: SOURCE,
      summary: `${dryRun ? 'dry run: ' : ''}${created} created, ${resources.length - created} updated in namespace ${namespace}`,
    });
  }
}

/** GET; absent → CREATE; present → UPDATE with the existing `resourceVersion`. */
async function upsert(
  client: KubeClient,
  namespace: string,
  object: Body,
  dryRun: boolean,
): Promise<'created' | 'updated'> {
  const name = object.metadata.name;
  const dry = dryRun ? { dryRun: 'All' } : {};
  const read = async <T>(call: Promise<T>): Promise<T | undefined> =>
    call.catch((error: unknown) => {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    });
  const typed = asApiBody(object);
  switch (typed.kind) {
    case 'ConfigMap': {
      const { body } = typed;
      const existing = await read(client.core.readNamespacedConfigMap({ name, namespace }));
      if (!existing) {
        await client.core.createNamespacedConfigMap({ namespace, body, ...dry });
        return 'created';
      }
      keepResourceVersion(body, existing);
      await client.core.replaceNamespacedConfigMap({ name, namespace, body, ...dry });
      return 'updated';
    }
    case 'Service': {
      const { body } = typed;
      const existing = await read(client.core.readNamespacedService({ name, namespace }));
      if (!existing) {
        await client.core.createNamespacedService({ namespace, body, ...dry });
        return 'created';
      }
      keepResourceVersion(body, existing);
      keepServiceAllocations(body, existing);
      await client.core.replaceNamespacedService({ name, namespace, body, ...dry });
      return 'updated';
    }
    case 'Deployment': {
      const { body } = typed;
      const existing = await read(client.apps.readNamespacedDeployment({ name, namespace }));
      if (!existing) {
        await client.apps.createNamespacedDeployment({ namespace, body, ...dry });
        return 'created';
      }
      keepResourceVersion(body, existing);
      await client.apps.replaceNamespacedDeployment({ name, namespace, body, ...dry });
      return 'updated';
    }
  }
}

/** A checked manifest object as the model type its typed API call takes. */
type ApiBody =
  | { kind: 'ConfigMap'; body: V1ConfigMap }
  | { kind: 'Service'; body: V1Service }
  | { kind: 'Deployment'; body: V1Deployment };

/**
 * `parseManifest` checked kind, apiVersion and metadata.name; the rest of the object is passed
 * through for the API server to validate, as kubectl does. The body is the same object, not a copy.
 */
function asApiBody(object: Body): ApiBody {
  const value: unknown = object;
  switch (object.kind) {
    case 'ConfigMap':
      return { kind: object.kind, body: value as V1ConfigMap };
    case 'Service':
      return { kind: object.kind, body: value as V1Service };
    case 'Deployment':
      return { kind: object.kind, body: value as V1Deployment };
  }
}

/** The update carries the stored `resourceVersion` (optimistic concurrency). */
function keepResourceVersion(
  desired: { metadata?: V1ObjectMeta },
  existing: { metadata?: V1ObjectMeta },
): void {
  (desired.metadata ??= {}).resourceVersion = existing.metadata?.resourceVersion;
}

/** Allocated Service fields the manifest leaves unset are kept (the API refuses to clear them). */
export function keepServiceAllocations(desired: V1Service, existing: V1Service): void {
  const spec = (desired.spec ??= {});
  const current = existing.spec ?? {};
  spec.clusterIP ??= current.clusterIP;
  spec.clusterIPs ??= current.clusterIPs;
  spec.ipFamilies ??= current.ipFamilies;
  spec.ipFamilyPolicy ??= current.ipFamilyPolicy;
  spec.healthCheckNodePort ??= current.healthCheckNodePort;
  for (const port of spec.ports ?? []) {
    if (port.nodePort === undefined) {
      const match = (current.ports ?? []).find(
        (entry) =>
          (entry.name ?? '') === (port.name ?? '') &&
          entry.port === port.port &&
          (entry.protocol ?? 'TCP') === (port.protocol ?? 'TCP'),
      );
      if (match?.nodePort !== undefined) {
        port.nodePort = match.nodePort;
      }
    }
  }
}
