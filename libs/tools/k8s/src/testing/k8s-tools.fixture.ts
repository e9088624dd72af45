import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '#app/config';
import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { createKubeClient, KubernetesClient } from '#app/kubernetes';
import { callTool, FakeKubeApiServer, type KubeObject, type ToolCall } from '#app/testing';
import type { ToolHandler, ToolResult } from '#app/tool-registry';
import type { WorkspaceRuntime } from '#app/workspace';
import { K8sToolContext } from '../k8s-context.js';

/** The session runtime namespace of the default session. */
export const SESSION_NS = 'team-a';
/** `WORKSPACE_K8S_NAMESPACE` of the default configuration. */
export const CONFIG_NS = 'swe-ai-fleet';

export type ToolFactory = (k8s: K8sToolContext) => ToolHandler;

/**
 * A protocol-fake Kubernetes API server plus the service's real client pointed at it, and an
 * invocation helper calling a tool the way the pipeline does (args validated, defaults filled in)
 * in a kubernetes session (namespace `team-a`).
 */
export interface K8sToolsFixture {
  fake: FakeKubeApiServer;
  k8s: K8sToolContext;
  /** A context over the same fake with another `WORKSPACE_K8S_NAMESPACE` (undefined = no kubernetes config). */
  contextWith(configNamespace: string | undefined): K8sToolContext;
  /** A context whose client points at a loopback port nobody listens on. */
  unreachable(): K8sToolContext;
  run(
    tool: ToolHandler,
    toolName: string,
    args: JsonObject,
    sessionNamespace?: string | null,
  ): Promise<ToolResult>;
  close(): Promise<void>;
}

export async function startK8sToolsFixture(): Promise<K8sToolsFixture> {
  const fake = await FakeKubeApiServer.start();
  const dir = mkdtempSync(join(tmpdir(), 'k8s-tools-'));
  const client = createKubeClient({ kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig')) });
  const contextWith = (configNamespace: string | undefined): K8sToolContext =>
    new K8sToolContext(new KubernetesClient(client), configOf(configNamespace));
  // A loopback port that was just released: requests are refused at once instead of hanging.
  const unreachableServer = await FakeKubeApiServer.start();
  const unreachableClient = createKubeClient({
    kubeconfig: unreachableServer.writeKubeconfig(join(dir, 'unreachable')),
  });
  await unreachableServer.close();
  return {
    fake,
    k8s: contextWith(CONFIG_NS),
    contextWith,
    unreachable: () =>
      new K8sToolContext(new KubernetesClient(unreachableClient), configOf(CONFIG_NS)),
    run: (tool, toolName, args, sessionNamespace = SESSION_NS) =>
      callTool(tool, toolCall(toolName, args, sessionNamespace)),
    close: async () => {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A context without any Kubernetes client (the service runs the local backend). */
export function withoutClient(): K8sToolContext {
  return new K8sToolContext(KubernetesClient.NONE, configOf(CONFIG_NS));
}

/** The call of a kubernetes session; `sessionNamespace: null` = a runtime without a namespace. */
export function toolCall(
  toolName: string,
  args: JsonObject,
  sessionNamespace: string | null = SESSION_NS,
): ToolCall {
  const session: Session = {
    id: 'session-00000000000000k8',
    workspace_path: '/workspace/repo',
    runtime: {
      kind: 'kubernetes',
      ...(sessionNamespace === null ? {} : { namespace: sessionNamespace }),
      pod_name: 'ws-s',
      container: 'runner',
      workdir: '/workspace/repo',
    },
    allowed_paths: ['.'],
    principal: { tenant_id: 't', actor_id: 'a', roles: ['devops'] },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
  return {
    invocationId: 'inv-0000000000000k8s',
    toolName,
    session,
    args,
    approved: true,
    signal: new AbortController().signal,
    // The k8s tools use the service's own client; nothing runs in the session workspace.
    workspace: {} as WorkspaceRuntime,
  };
}

/**
 * Runs the tool once per step of the namespace chain (CATALOG.md 19) and returns the `namespace`
 * of each result: explicit arg `ops`, session `team-a`, config `swe-ai-fleet`, then `default`.
 */
export async function namespaceChain(
  fixture: K8sToolsFixture,
  create: ToolFactory,
  toolName: string,
  args: JsonObject,
): Promise<unknown[]> {
  const runs: Array<[K8sToolContext, JsonObject, string | null]> = [
    [fixture.k8s, { ...args, namespace: ' ops ' }, SESSION_NS],
    [fixture.k8s, args, SESSION_NS],
    [fixture.k8s, args, null],
    [fixture.contextWith(undefined), args, null],
  ];
  const namespaces: unknown[] = [];
  for (const [k8s, runArgs, sessionNamespace] of runs) {
    const result = await callTool(create(k8s), toolCall(toolName, runArgs, sessionNamespace));
    namespaces.push((result.output as JsonObject)['namespace']);
  }
  return namespaces;
}

/** The namespaces named by the recorded API request paths, in order. */
export function requestedNamespaces(fake: FakeKubeApiServer): string[] {
  return fake.requests.map((request) => /\/namespaces\/([^/]+)\//.exec(request.path)?.[1] ?? '');
}

/** `[code, message, retryable]` of the rejection, or `null` when the call succeeded. */
export async function failureOf(
  call: Promise<ToolResult>,
): Promise<[string, string, boolean] | null> {
  try {
    await call;
    return null;
  } catch (error) {
    if (error instanceof AppException) {
      return [error.code, error.message, error.retryable];
    }
    throw error;
  }
}

/** The parsed JSON report artifact of a result. */
export function reportOf(result: ToolResult, name: string): unknown {
  const artifact = result.artifacts?.find((entry) => entry.name === name);
  return artifact === undefined
    ? undefined
    : JSON.parse(Buffer.from(artifact.data).toString('utf8'));
}

export function pod(name: string, extra: KubeObject = {}): KubeObject {
  return {
    metadata: { name, labels: { app: name }, ...(extra['metadata'] ?? {}) },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'main', image: `registry.local/${name}:1` }],
      ...(extra['spec'] ?? {}),
    },
    status: { phase: 'Running', ...(extra['status'] ?? {}) },
  };
}

export function deployment(
  name: string,
  replicas = 1,
  labels: Record<string, string> = { app: name },
): KubeObject {
  return {
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: `registry.local/${name}:1` }] },
      },
    },
  };
}

function configOf(namespace: string | undefined): AppConfig {
  return { kubernetes: namespace === undefined ? null : { namespace } } as AppConfig;
}
