import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type ResourceSpec = readonly [resource: string, kind: string, namespaced: boolean];

// Only the kinds the deploy/ manifests use: an unknown kind must fail the dry run ("no matches
// for kind"), exactly as it would against a real API server.
const API_GROUPS: Readonly<Record<string, readonly ResourceSpec[]>> = {
  v1: [
    ['namespaces', 'Namespace', false],
    ['serviceaccounts', 'ServiceAccount', true],
    ['services', 'Service', true],
    ['configmaps', 'ConfigMap', true],
    ['secrets', 'Secret', true],
    ['pods', 'Pod', true],
  ],
  'apps/v1': [['deployments', 'Deployment', true]],
  'policy/v1': [['poddisruptionbudgets', 'PodDisruptionBudget', true]],
  'autoscaling/v2': [['horizontalpodautoscalers', 'HorizontalPodAutoscaler', true]],
  'networking.k8s.io/v1': [['networkpolicies', 'NetworkPolicy', true]],
  'rbac.authorization.k8s.io/v1': [
    ['roles', 'Role', true],
    ['rolebindings', 'RoleBinding', true],
    ['clusterroles', 'ClusterRole', false],
    ['clusterrolebindings', 'ClusterRoleBinding', false],
  ],
  // The Prometheus Operator's CRDs (deploy/monitoring), served as a cluster with the operator does.
  'monitoring.coreos.com/v1': [
    ['podmonitors', 'PodMonitor', true],
    ['prometheusrules', 'PrometheusRule', true],
  ],
};

export interface FakeKubeApiServer {
  /** Path of a kubeconfig pointing kubectl at this server. */
  kubeconfig: string;
  close(): Promise<void>;
}

/**
 * A loopback stand-in for the discovery part of a Kubernetes API server. `kubectl apply
 * --dry-run=client` still asks the server which resource serves each kind and whether the
 * object exists; this answers discovery and says "not found" to everything else, so kubectl
 * reports each object as "created (dry run)" without a cluster.
 */
export async function startFakeKubeApiServer(): Promise<FakeKubeApiServer> {
  const server = createServer((req, res) =>
    respond(new URL(req.url ?? '/', 'http://localhost').pathname, res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(join(tmpdir(), 'fake-kube-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor(`http://127.0.0.1:${port}`));
  return {
    kubeconfig,
    close: async () => {
      await closeServer(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function respond(path: string, res: ServerResponse): void {
  if (path === '/api') {
    return send(res, 200, {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [],
    });
  }
  if (path === '/apis') {
    const groups = Object.keys(API_GROUPS)
      .filter((gv) => gv.includes('/'))
      .map((gv) => {
        const [name, version] = gv.split('/') as [string, string];
        const preferred = { groupVersion: gv, version };
        return { name, versions: [preferred], preferredVersion: preferred };
      });
    return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
  }
  const groupVersion = path === '/api/v1' ? 'v1' : /^\/apis\/(.+\/v\d+)$/.exec(path)?.[1];
  const resources = groupVersion === undefined ? undefined : API_GROUPS[groupVersion];
  if (resources !== undefined) {
    return send(res, 200, {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion,
      resources: resources.map(([name, kind, namespaced]) => ({
        name,
        singularName: kind.toLowerCase(),
        namespaced,
        kind,
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      })),
    });
  }
  send(res, 404, {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    reason: 'NotFound',
    code: 404,
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function kubeconfigFor(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: fake, cluster: {server: "${server}"}}]`,
    'users: [{name: fake, user: {}}]',
    'contexts: [{name: fake, context: {cluster: fake, user: fake}}]',
    'current-context: fake',
    '',
  ].join('\n');
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
