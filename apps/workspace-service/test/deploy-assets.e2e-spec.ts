import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  commandWords,
  effectiveUser,
  instructionsOf,
  parseDockerfile,
  type DockerfileModel,
} from './support/dockerfile-parser.js';
import { startFakeKubeApiServer, type FakeKubeApiServer } from './support/fake-kube-apiserver.js';
import { unknownManifestFields } from './support/kube-field-check.js';

// Manifests are parsed YAML walked field by field; the assertions are their type check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = Record<string, any>;

const OVERLAYS = [
  'deploy/base',
  'deploy/overlays/delivery',
  'deploy/overlays/local',
  'deploy/overlays/scale-out',
];
const RUNNER_TARGETS = ['base', 'toolchains', 'secops', 'container', 'k6', 'fat'];

function run(
  command: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, ...options });
}

interface Completed {
  status: number | null;
  stdout: string;
  stderr: string;
}

// Asynchronous on purpose: the fake API server runs in this process, so a synchronous child
// (spawnSync) would block the event loop that has to answer kubectl.
function runAsync(
  command: string,
  args: string[],
  input: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** A host tool the tests drive: missing → loud skip, or a failure under CI=true. */
function requireTool(name: string, probe: string[]): boolean {
  const result = run(name, probe);
  if (result.status === 0) {
    return true;
  }
  const notice = `${name} is not installed (${probe.join(' ')} failed)`;
  if (process.env['CI'] === 'true') {
    throw new Error(`${notice}; CI=true requires it`);
  }
  console.warn(
    `\n!!! SKIPPING TESTS: ${notice}; install it to run them (CI=true fails instead) !!!\n`,
  );
  return false;
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f))
    .sort();
}

function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m['kind'] === kind && m['metadata']?.name === name);
  if (found === undefined) {
    throw new Error(`${kind}/${name} not rendered`);
  }
  return found;
}

// The files tsconfig.build.json compiles into dist/ (specs, contracts and testing helpers excluded).
function productionSourceFiles(): string[] {
  return ['apps', 'libs']
    .flatMap((root) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => join(root, f)),
    )
    .filter((f) => f.endsWith('.ts') && !/\.(spec|e2e-spec|contract)\.ts$/.test(f))
    .filter(
      (f) =>
        !/(^|\/)(test|testing)\//.test(f.replace(/^apps\/[^/]+\//, '')) &&
        !f.startsWith('libs/testing/'),
    )
    .filter((f) => !f.startsWith('apps/') || f.includes('/src/'));
}

/** Package names a compiled file loads: value imports, dynamic imports and require() calls. */
function runtimeImports(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*import\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*export\s+(?!type\s)[^'"]*?\sfrom\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return [
    ...new Set(
      specifiers
        .filter((s) => !s.startsWith('.') && !s.startsWith('#') && !s.startsWith('node:'))
        .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]))
        .filter((pkg) => !builtinModules.includes(pkg)),
    ),
  ];
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4ToNumber(ip) / size) === Math.floor(ipv4ToNumber(base) / size);
}

/** Whether a NetworkPolicy's ipBlock egress rules let a pod dial `ip:port` (selector peers ignored). */
function egressAllowsAddress(policy: Manifest, ip: string, port: number): boolean {
  return (policy['spec'].egress as Manifest[]).some((rule) => {
    const ports = rule['ports'] as Manifest[] | undefined;
    const portOk = ports === undefined || ports.some((p) => p['port'] === port);
    const peerOk = (rule['to'] as Manifest[]).some(
      (to) =>
        to['ipBlock'] !== undefined &&
        inCidr(ip, to['ipBlock'].cidr) &&
        !(to['ipBlock'].except ?? []).some((c: string) => inCidr(ip, c)),
    );
    return portOk && peerOk;
  });
}

// deploy/monitoring/tests/ holds promtool unit tests, not manifests (monitoring.e2e-spec.ts runs them).
const manifestFiles = yamlFilesUnder('deploy').filter(
  (f) => !f.endsWith('kustomization.yaml') && !f.startsWith('deploy/monitoring/tests/'),
);
const hasKubectl = requireTool('kubectl', ['version', '--client']);
const describeKubectl = hasKubectl ? describe : describe.skip;
const KUBECTL_TIMEOUT_MS = 40_000;

describeKubectl('deploy/ with kubectl', () => {
  let apiServer: FakeKubeApiServer;
  const rendered = new Map<string, string>();

  // Without a cluster kubectl fails twice: schema validation downloads the server's OpenAPI
  // document, and apply maps each kind to a resource through discovery. The fake server answers
  // discovery (so unknown kinds still fail); --validate=false skips only the OpenAPI download,
  // and unknownManifestFields below replaces that field check with the client-node models.
  const dryRun = (args: string[], input?: string): Promise<Completed> =>
    runAsync(
      'kubectl',
      ['apply', '--dry-run=client', '--validate=false', '--request-timeout=10s', ...args],
      input,
      {
        ...process.env,
        KUBECONFIG: apiServer.kubeconfig,
      },
    );

  beforeAll(async () => {
    apiServer = await startFakeKubeApiServer();
    for (const overlay of OVERLAYS) {
      const result = run('kubectl', ['kustomize', overlay]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      rendered.set(overlay, result.stdout);
    }
  }, KUBECTL_TIMEOUT_MS);

  afterAll(async () => {
    await apiServer?.close();
  });

  it.each(manifestFiles)(
    'should accept %s with kubectl apply --dry-run=client',
    async (file) => {
      const result = await dryRun(['-f', file]);

      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const objects = parseManifests(readFileSync(file, 'utf8'));
      expect(result.stdout.match(/created \(dry run\)/g)).toHaveLength(objects.length);
    },
    KUBECTL_TIMEOUT_MS,
  );

  it.each(OVERLAYS)(
    'should render %s with kubectl kustomize into objects kubectl accepts',
    async (overlay) => {
      const result = await dryRun(['-f', '-'], rendered.get(overlay));

      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('deployment.apps/workspace-service created (dry run)');
    },
    KUBECTL_TIMEOUT_MS,
  );

  it.each(OVERLAYS)(
    'should use only fields the Kubernetes API types define when rendering %s',
    (overlay) => {
      const unknown = parseManifests(rendered.get(overlay)!).flatMap((m) =>
        unknownManifestFields(m).map((f) => `${m['kind']}/${m['metadata']?.name} ${f}`),
      );

      expect(unknown).toEqual([]);
    },
  );

  it(
    'should refuse a kind the API server does not serve',
    async () => {
      const result = await dryRun(
        ['-f', '-'],
        'apiVersion: v1\nkind: Widget\nmetadata:\n  name: x\n',
      );

      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('Widget');
    },
    KUBECTL_TIMEOUT_MS,
  );

  describe('base', () => {
    let objects: Manifest[];
    let deployment: Manifest;
    let container: Manifest;
    let config: Record<string, string>;

    beforeAll(() => {
      objects = parseManifests(rendered.get('deploy/base')!);
      deployment = find(objects, 'Deployment', 'workspace-service');
      container = deployment['spec'].template.spec.containers[0];
      config = find(objects, 'ConfigMap', 'workspace-service-config')['data'];
    });

    it('should put every object in the swe-ai-fleet namespace', () => {
      const namespaced = objects.filter((m) => m['kind'] !== 'Namespace');

      expect(new Set(namespaced.map((m) => m['metadata'].namespace))).toEqual(
        new Set(['swe-ai-fleet']),
      );
      expect(find(objects, 'Namespace', 'swe-ai-fleet')).toBeDefined();
    });

    it('should probe /livez for liveness and /readyz for readiness on the service port', () => {
      expect(container['ports']).toEqual([{ name: 'http', containerPort: 50053, protocol: 'TCP' }]);
      expect(container['livenessProbe'].httpGet).toEqual({ path: '/livez', port: 'http' });
      expect(container['readinessProbe'].httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(config['PORT']).toBe('50053');
    });

    it('should run non-root with a read-only root filesystem, no privileges and seccomp RuntimeDefault', () => {
      const pod = deployment['spec'].template.spec;

      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container['securityContext']).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.serviceAccountName).toBe('workspace-service');
    });

    it('should mount writable volumes at WORKSPACE_ROOT, ARTIFACT_ROOT and /tmp', () => {
      const mounts = (container['volumeMounts'] as Manifest[]).map((m) => m['mountPath']);

      expect(mounts).toEqual(
        expect.arrayContaining([config['WORKSPACE_ROOT'], config['ARTIFACT_ROOT'], '/tmp']),
      );
    });

    it('should set resource requests and limits', () => {
      expect(container['resources'].requests).toMatchObject({
        cpu: expect.any(String),
        memory: expect.any(String),
      });
      expect(container['resources'].limits).toMatchObject({ memory: expect.any(String) });
    });

    it('should configure trusted_headers auth with the token from a Secret and Valkey stores', () => {
      const env = container['env'] as Manifest[];

      expect(config).toMatchObject({
        WORKSPACE_BACKEND: 'kubernetes',
        WORKSPACE_AUTH_MODE: 'trusted_headers',
        INVOCATION_STORE_BACKEND: 'valkey',
        SESSION_STORE_BACKEND: 'valkey',
        WORKSPACE_ENABLE_K8S_DELIVERY_TOOLS: 'false',
      });
      expect(config['WORKSPACE_AUTH_SHARED_TOKEN']).toBeUndefined();
      expect(env.find((e) => e['name'] === 'WORKSPACE_AUTH_SHARED_TOKEN')?.['valueFrom']).toEqual({
        secretKeyRef: { name: 'workspace-service-auth', key: 'shared-token' },
      });
      expect(container['envFrom']).toEqual([
        { configMapRef: { name: 'workspace-service-config' } },
      ]);
    });

    it('should not deploy the example Secret', () => {
      expect(objects.some((m) => m['kind'] === 'Secret')).toBe(false);
    });

    it('should expose the service with Prometheus scrape annotations', () => {
      const service = find(objects, 'Service', 'workspace-service');

      expect(service['metadata'].annotations).toEqual({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '50053',
        'prometheus.io/path': '/metrics',
      });
      expect(service['spec'].selector).toEqual(deployment['spec'].selector.matchLabels);
    });

    it('should grant the kubernetes backend pods, exec, logs and reads, and no writes outside pods', () => {
      const role = find(objects, 'Role', 'workspace-service-runtime');
      const verbs = (resource: string): string[] =>
        (role['rules'] as Manifest[])
          .filter((r) => r['resources'].includes(resource))
          .flatMap((r) => r['verbs']);

      expect(verbs('pods').sort()).toEqual(['create', 'delete', 'get', 'list', 'watch']);
      expect(verbs('pods/exec').sort()).toEqual(['create', 'get']);
      expect(verbs('pods/log')).toEqual(['get']);
      expect(verbs('services').sort()).toEqual(['get', 'list']);
      expect(verbs('deployments').sort()).toEqual(['get', 'list', 'watch']);
      expect(find(objects, 'RoleBinding', 'workspace-service-runtime')['subjects']).toEqual([
        { kind: 'ServiceAccount', name: 'workspace-service', namespace: 'swe-ai-fleet' },
      ]);
    });
  });

  describe.each(OVERLAYS)('isolation of runner pods and Valkey in %s', (overlay) => {
    let objects: Manifest[];
    let runners: Manifest;

    beforeAll(() => {
      objects = parseManifests(rendered.get(overlay)!);
      runners = find(objects, 'NetworkPolicy', 'workspace-runners');
    });

    it('should select session pods and container task pods and deny them every ingress', () => {
      expect(runners['spec'].podSelector).toEqual({
        matchExpressions: [
          { key: 'app', operator: 'In', values: ['workspace-session', 'workspace-container-run'] },
        ],
      });
      expect(runners['spec'].policyTypes).toEqual(['Ingress', 'Egress']);
      expect(runners['spec'].ingress).toEqual([]);
    });

    it.each([
      ['a workspace-service pod', '10.244.1.7', 50053, false],
      ['a Valkey pod', '10.244.2.9', 6379, false],
      ['the kubernetes Service (API server)', '10.96.0.1', 443, false],
      ['the Valkey Service', '10.100.12.4', 6379, false],
      ['the API server endpoint on the node network', '172.18.0.2', 6443, false],
      ['the cloud metadata endpoint', '169.254.169.254', 80, false],
      ['a public registry', '104.16.0.35', 443, true],
      ['a public DNS resolver', '8.8.8.8', 53, true],
    ])('should decide runner egress to %s (%s:%d): allowed = %s', (_name, ip, port, allowed) => {
      expect(egressAllowsAddress(runners, ip, port)).toBe(allowed);
    });

    it('should allow DNS only to kube-dns in kube-system, on 53 UDP and TCP, and no other pod or namespace', () => {
      const peers = (runners['spec'].egress as Manifest[]).flatMap((rule) =>
        (rule['to'] as Manifest[]).map((to) => ({ to, ports: rule['ports'] })),
      );
      const selected = peers.filter(
        ({ to }) => to['podSelector'] !== undefined || to['namespaceSelector'] !== undefined,
      );

      expect(selected).toEqual([
        {
          to: {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ]);
    });

    it('should let only the service pods reach Valkey, on 6379', () => {
      const policy = find(objects, 'NetworkPolicy', 'valkey');
      const serviceLabels = find(objects, 'Deployment', 'workspace-service')['spec'].template
        .metadata.labels;

      expect(policy['spec'].podSelector).toEqual({
        matchLabels: { 'app.kubernetes.io/name': 'valkey' },
      });
      expect(policy['spec'].policyTypes).toEqual(['Ingress']);
      expect(policy['spec'].ingress).toHaveLength(1);
      const [rule] = policy['spec'].ingress as Manifest[];
      expect(rule['from']).toHaveLength(1);
      expect(rule['from'][0].namespaceSelector).toBeUndefined();
      expect(serviceLabels).toMatchObject(rule['from'][0].podSelector.matchLabels);
      expect(rule['ports']).toEqual([{ protocol: 'TCP', port: 6379 }]);
    });

    it('should run runner pods as a service account without token and without any binding', () => {
      const account = find(objects, 'ServiceAccount', 'workspace-runner');
      const config = find(objects, 'ConfigMap', 'workspace-service-config')['data'];
      const bound = objects
        .filter((m) => m['kind'] === 'RoleBinding' || m['kind'] === 'ClusterRoleBinding')
        .flatMap((m) => m['subjects'] as Manifest[])
        .map((subject) => subject['name']);

      expect(account['automountServiceAccountToken']).toBe(false);
      expect(config['WORKSPACE_K8S_SERVICE_ACCOUNT']).toBe('workspace-runner');
      expect(config['WORKSPACE_K8S_AUTOMOUNT_SA_TOKEN']).toBe('false');
      expect(bound).not.toContain('workspace-runner');
    });

    it('should read VALKEY_PASSWORD from the Secret, not optionally', () => {
      const env = find(objects, 'Deployment', 'workspace-service')['spec'].template.spec
        .containers[0].env as Manifest[];

      expect(env.find((e) => e['name'] === 'VALKEY_PASSWORD')?.['valueFrom']).toEqual({
        secretKeyRef: { name: 'workspace-service-auth', key: 'valkey-password' },
      });
    });
  });

  it('should keep the runner CIDRs patchable with kustomize', () => {
    const overlay = mkdtempSync(join(tmpdir(), 'wes-cidr-overlay-'));
    try {
      writeFileSync(
        join(overlay, 'kustomization.yaml'),
        [
          'resources:',
          `  - ${relative(overlay, resolve('deploy/base'))}`,
          'patches:',
          '  - target: { kind: NetworkPolicy, name: workspace-runners }',
          '    patch: |-',
          '      - op: replace',
          '        path: /spec/egress/1/to/0/ipBlock/except/0',
          '        value: 100.64.0.0/16',
          '',
        ].join('\n'),
      );
      const result = run('kubectl', ['kustomize', overlay]);
      expect(result.status).toBe(0);
      const policy = find(parseManifests(result.stdout), 'NetworkPolicy', 'workspace-runners');

      expect(policy['spec'].egress[1].to[0].ipBlock.except).toEqual([
        '100.64.0.0/16',
        '10.96.0.0/12',
        '169.254.0.0/16',
        '172.18.0.0/16',
      ]);
      expect(egressAllowsAddress(policy, '100.64.3.3', 443)).toBe(false);
    } finally {
      rmSync(overlay, { recursive: true, force: true });
    }
  });

  it('should give the local Valkey a requirepass from the Secret the service reads, outside its arguments', () => {
    const objects = parseManifests(rendered.get('deploy/overlays/local')!);
    const valkey = find(objects, 'Deployment', 'valkey')['spec'].template.spec.containers[0];
    const service = find(objects, 'Deployment', 'workspace-service')['spec'].template.spec
      .containers[0];
    const passwordRef = (container: Manifest) =>
      (container['env'] as Manifest[]).find((e) => e['name'] === 'VALKEY_PASSWORD')?.['valueFrom'];

    expect(passwordRef(valkey)).toEqual(passwordRef(service));
    expect(valkey['command'].join('\n')).toContain('requirepass "$VALKEY_PASSWORD"');
    expect(valkey['command'].join('\n')).toMatch(/exec valkey-server - /);
    expect(valkey['args']).toBeUndefined();
  });

  it('should add the delivery Role and enable the delivery tools in the delivery overlay', () => {
    const objects = parseManifests(rendered.get('deploy/overlays/delivery')!);
    const role = find(objects, 'Role', 'workspace-service-delivery');
    const deploymentRule = (role['rules'] as Manifest[]).find((r) =>
      r['resources'].includes('deployments'),
    );

    expect(
      find(objects, 'ConfigMap', 'workspace-service-config')['data']
        .WORKSPACE_ENABLE_K8S_DELIVERY_TOOLS,
    ).toBe('true');
    expect(deploymentRule?.['verbs']).toEqual(
      expect.arrayContaining(['get', 'create', 'update', 'patch']),
    );
    expect(find(objects, 'RoleBinding', 'workspace-service-delivery')['roleRef'].name).toBe(
      'workspace-service-delivery',
    );
  });

  describe('scale-out overlay', () => {
    const SERVICE_PODS = {
      'app.kubernetes.io/name': 'workspace-service',
      'app.kubernetes.io/component': 'api',
    };
    let objects: Manifest[];
    let deployment: Manifest;
    let podSpec: Manifest;
    let config: Record<string, string>;

    beforeAll(() => {
      objects = parseManifests(rendered.get('deploy/overlays/scale-out')!);
      deployment = find(objects, 'Deployment', 'workspace-service');
      podSpec = deployment['spec'].template.spec;
      config = find(objects, 'ConfigMap', 'workspace-service-config')['data'];
    });

    it('should run the kubernetes backend with Valkey stores and the S3 artifact store', () => {
      expect(config).toMatchObject({
        WORKSPACE_BACKEND: 'kubernetes',
        SESSION_STORE_BACKEND: 'valkey',
        INVOCATION_STORE_BACKEND: 'valkey',
        ARTIFACT_STORE_BACKEND: 's3',
        ARTIFACT_S3_BUCKET: 'swe-ai-fleet-artifacts',
      });
      expect(
        find(objects, 'ServiceAccount', 'workspace-service')['metadata'].annotations[
          'eks.amazonaws.com/role-arn'
        ],
      ).toMatch(/^arn:aws:iam::\d{12}:role\//);
    });

    it('should leave the replica count to a CPU autoscaler of at least two replicas', () => {
      const hpa = find(objects, 'HorizontalPodAutoscaler', 'workspace-service');

      expect(deployment['spec'].replicas).toBeUndefined();
      expect(hpa['apiVersion']).toBe('autoscaling/v2');
      expect(hpa['spec'].scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'workspace-service',
      });
      expect(hpa['spec'].minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa['spec'].maxReplicas).toBeGreaterThan(hpa['spec'].minReplicas);
      expect(hpa['spec'].metrics).toEqual([
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ]);
      // Utilization is relative to the request: without one the autoscaler cannot act.
      expect(podSpec.containers[0].resources.requests.cpu).toBeDefined();
    });

    it('should keep all but one service pod through voluntary disruptions', () => {
      const pdb = find(objects, 'PodDisruptionBudget', 'workspace-service');

      expect(pdb['apiVersion']).toBe('policy/v1');
      expect(pdb['spec']).toEqual({ maxUnavailable: 1, selector: { matchLabels: SERVICE_PODS } });
      expect(deployment['spec'].selector.matchLabels).toEqual(SERVICE_PODS);
    });

    it('should spread the service pods across nodes (required) and zones (preferred)', () => {
      const spread = podSpec.topologySpreadConstraints as Manifest[];

      expect(spread.map((c) => [c['topologyKey'], c['whenUnsatisfiable'], c['maxSkew']])).toEqual([
        ['kubernetes.io/hostname', 'DoNotSchedule', 1],
        ['topology.kubernetes.io/zone', 'ScheduleAnyway', 1],
      ]);
      for (const constraint of spread) {
        expect(constraint['labelSelector']).toEqual({ matchLabels: SERVICE_PODS });
        expect(constraint['matchLabelKeys']).toEqual(['pod-template-hash']);
      }
    });

    it('should give the preStop pause and the drain time to finish before SIGKILL', () => {
      const preStop = podSpec.containers[0].lifecycle.preStop;
      const pauseSeconds = Number(preStop.exec.command[1]);
      const drainSeconds = Number(config['WORKSPACE_SHUTDOWN_GRACE_SECONDS']);

      expect(preStop.exec.command).toEqual(['sleep', String(pauseSeconds)]);
      expect(pauseSeconds).toBeGreaterThanOrEqual(5);
      // The grace period counts from the preStop hook: pause, then drain, then a margin.
      expect(podSpec.terminationGracePeriodSeconds).toBeGreaterThan(pauseSeconds + drainSeconds);
      // A rollout removes an old replica only once its replacement is ready.
      expect(deployment['spec'].strategy.rollingUpdate.maxUnavailable).toBe(0);
    });
  });

  describe('monitoring', () => {
    let text: string;
    let objects: Manifest[];

    beforeAll(() => {
      const result = run('kubectl', ['kustomize', 'deploy/monitoring']);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      text = result.stdout;
      objects = parseManifests(text);
    });

    it(
      'should render objects kubectl accepts once the Prometheus Operator CRDs are served',
      async () => {
        const result = await dryRun(['-f', '-'], text);

        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('prometheusrule.monitoring.coreos.com/workspace-service');
        expect(result.stdout).toContain('podmonitor.monitoring.coreos.com/workspace-service');
        expect(result.stdout).toContain('configmap/workspace-service-dashboard');
      },
      KUBECTL_TIMEOUT_MS,
    );

    it('should scrape /metrics on the http port of exactly the pods the Deployment runs', () => {
      const base = parseManifests(rendered.get('deploy/base')!);
      const podLabels = find(base, 'Deployment', 'workspace-service')['spec'].template.metadata
        .labels as Record<string, string>;
      const monitor = find(objects, 'PodMonitor', 'workspace-service');

      expect(monitor['metadata'].namespace).toBe('swe-ai-fleet');
      for (const [key, value] of Object.entries(
        monitor['spec'].selector.matchLabels as Record<string, string>,
      )) {
        expect(podLabels[key]).toBe(value);
      }
      expect(monitor['spec'].podMetricsEndpoints).toEqual([
        { port: 'http', path: '/metrics', interval: '30s' },
      ]);
    });

    it('should ship the dashboard unchanged in a ConfigMap the Grafana sidecar picks up', () => {
      const map = find(objects, 'ConfigMap', 'workspace-service-dashboard');

      expect(map['metadata'].labels['grafana_dashboard']).toBe('1');
      expect(map['data']['workspace-service.json']).toBe(
        readFileSync('deploy/monitoring/dashboard.json', 'utf8'),
      );
    });
  });

  it('should bring its own Valkey, token Secret and local image in the local overlay', () => {
    const objects = parseManifests(rendered.get('deploy/overlays/local')!);
    const container = find(objects, 'Deployment', 'workspace-service')['spec'].template.spec
      .containers[0];

    expect(find(objects, 'Service', 'valkey')).toBeDefined();
    expect(Object.keys(find(objects, 'Secret', 'workspace-service-auth')['data']).sort()).toEqual([
      'shared-token',
      'valkey-password',
    ]);
    expect(container.image).toBe('workspace-service:dev');
  });
});

describe('Dockerfile', () => {
  let model: DockerfileModel;

  beforeAll(() => {
    model = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
  });

  it('should be multi-stage on Node 24 slim images', () => {
    expect(model.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(model.stages.map((s) => s.from)).toEqual(['node:24-slim', 'node:24-slim']);
  });

  it('should run the compiled service as a non-root numeric user on port 50053', () => {
    const runtime = model.stages.at(-1)!;

    expect(effectiveUser(model, 'runtime')).toMatch(/^[1-9][0-9]*:[1-9][0-9]*$/);
    expect(instructionsOf(runtime, 'EXPOSE').map((i) => i.args)).toEqual(['50053']);
    expect(commandWords(instructionsOf(runtime, 'CMD').at(-1)!)).toEqual([
      'node',
      'dist/apps/workspace-service/src/main.js',
    ]);
    expect(readdirSync('apps/workspace-service/src')).toContain('main.ts');
  });

  it('should install only production dependencies in the runtime stage', () => {
    const runtime = model.stages.at(-1)!;
    const runs = instructionsOf(runtime, 'RUN').map((i) => i.args);
    const copies = instructionsOf(runtime, 'COPY').map((i) => i.args);

    expect(runs.some((r) => r.includes('npm ci --omit=dev'))).toBe(true);
    expect(
      runs.filter((r) => /\bnpm (ci|install|i)\b/.test(r)).every((r) => r.includes('--omit=dev')),
    ).toBe(true);
    expect(copies.filter((c) => c.startsWith('--from='))).toEqual([
      '--from=build /app/dist ./dist',
    ]);
  });

  it('should need at run time only packages that npm ci --omit=dev installs', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imports = productionSourceFiles().flatMap((file) =>
      runtimeImports(readFileSync(file, 'utf8')).map((pkg) => ({ file, pkg })),
    );
    const missing = imports
      .filter(({ pkg }) => manifest.dependencies[pkg] === undefined)
      .map(({ file, pkg }) => `${file}: ${pkg}`);

    expect(imports.map(({ pkg }) => pkg)).toEqual(
      expect.arrayContaining(['@nestjs/core', 'ioredis']),
    );
    expect(missing).toEqual([]);
  });

  it('should create the data directories the non-root user writes to', () => {
    const runtime = model.stages.at(-1)!;
    const env = instructionsOf(runtime, 'ENV')
      .map((i) => i.args)
      .join(' ');
    const runs = instructionsOf(runtime, 'RUN')
      .map((i) => i.args)
      .join(' ');

    for (const variable of ['WORKSPACE_ROOT', 'ARTIFACT_ROOT']) {
      const dir = new RegExp(`${variable}=(\\S+)`).exec(env)?.[1];
      expect(dir).toBeDefined();
      expect(runs).toContain(dir!);
    }
    expect(runs).toContain('chown -R 1000:1000 /var/lib/workspace');
  });

  it('should keep dependencies, build output and VCS data out of the build context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8')
      .split('\n')
      .map((l) => l.trim());

    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'coverage', '.git']));
  });
});

describe('runner-images/Dockerfile', () => {
  let model: DockerfileModel;

  beforeAll(() => {
    model = parseDockerfile(readFileSync('runner-images/Dockerfile', 'utf8'));
  });

  it('should have exactly the targets base, toolchains, secops, container, k6 and fat', () => {
    expect(model.stages.map((s) => s.name)).toEqual(RUNNER_TARGETS);
  });

  it.each(RUNNER_TARGETS)('should run the %s target as uid/gid 1000', (target) => {
    expect(effectiveUser(model, target)).toBe('1000:1000');
  });

  it('should pin every external image by an explicit tag other than latest', () => {
    const stageNames = new Set(model.stages.map((s) => s.name));
    const external = [
      ...model.stages.filter((s) => !s.fromStage).map((s) => s.from),
      ...model.stages
        .flatMap((s) => instructionsOf(s, 'COPY'))
        .map((c) => /--from=(\S+)/.exec(c.args)?.[1])
        .filter((from): from is string => from !== undefined && !stageNames.has(from)),
    ];

    expect(external.length).toBeGreaterThan(1);
    for (const image of external) {
      expect(image).toMatch(/:[A-Za-z0-9_][A-Za-z0-9_.-]*$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it('should build fat on toolchains and the single-purpose profiles on base', () => {
    const parents = Object.fromEntries(model.stages.map((s) => [s.name, s.from]));

    expect(parents).toMatchObject({
      toolchains: 'base',
      secops: 'base',
      container: 'base',
      k6: 'base',
      fat: 'toolchains',
    });
  });
});

describe('dockerfile parser', () => {
  it('should join continuation lines and keep the first line number when instructions span lines', () => {
    const model = parseDockerfile(
      '# syntax=docker/dockerfile:1\nARG V=1\nFROM --platform=linux/amd64 img:1 AS one\nRUN a \\\n  # note\n  && b\nUSER 10\nFROM one\n',
    );

    expect(model.stages).toEqual([
      {
        name: 'one',
        from: 'img:1',
        fromStage: false,
        instructions: [
          { keyword: 'RUN', args: 'a && b', line: 4 },
          { keyword: 'USER', args: '10', line: 7 },
        ],
      },
      { name: '', from: 'one', fromStage: true, instructions: [] },
    ]);
  });

  it('should reject an instruction before the first FROM when it is not ARG', () => {
    expect(() => parseDockerfile('RUN true\nFROM x:1\n')).toThrow(
      'line 1: RUN before the first FROM',
    );
  });
});

const hasMake = requireTool('make', ['--version']);
const describeMake = hasMake ? describe : describe.skip;

describeMake('Makefile', () => {
  const scripts = (
    JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const cases: Array<[string[], string[]]> = [
    [['run'], ['npm start']],
    [['coverage-core', 'COVERAGE_MIN=80'], ['COVERAGE_MIN=80 npm run coverage-core']],
    [['catalog-docs'], ['npm run catalog-docs']],
    [['workspace-runner-list', 'TAG=v1'], ['TAG=v1 npm run runner-images:list']],
    [
      ['workspace-runner-build', 'PROFILE=fat', 'TAG=v1'],
      ['PROFILE=fat TAG=v1 npm run runner-images:build'],
    ],
    [
      ['workspace-runner-build-push', 'PROFILE=k6', 'TAG=v2'],
      ['PROFILE=k6 TAG=v2 npm run runner-images:build-push'],
    ],
  ];

  it.each(cases)('should expand make %j to the npm script', (args, expected) => {
    const result = run('make', ['-n', '--no-print-directory', ...args]);

    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(expected);
  });

  it.each(cases)('should name an npm script that exists for make %j', (_args, [command]) => {
    const script = /npm (?:run )?(\S+)$/.exec(command)![1];

    expect(scripts[script]).toBeDefined();
  });

  it('should wire coverage-core and the runner-image scripts to the gate and the helper', () => {
    expect(scripts['coverage-core']).toBe('npm run test:all && npm run coverage:check');
    expect(scripts['runner-images:build']).toBe('bash scripts/runner-images.sh build');
    expect(scripts['runner-images:build-push']).toBe('bash scripts/runner-images.sh build-push');
    expect(scripts['runner-images:list']).toBe('bash scripts/runner-images.sh list');
  });
});

describe('scripts/runner-images.sh', () => {
  const script = 'scripts/runner-images.sh';
  const helper = (args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> =>
    run('bash', [script, ...args], { env: { ...process.env, DRY_RUN: '1', ...env } });

  it('should list one image per profile with the requested tag', () => {
    const result = helper(['list'], { TAG: 'v7', RUNNER_IMAGE_REGISTRY: 'registry.example/team' });

    expect(result.status).toBe(0);
    expect(
      result.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)),
    ).toEqual(RUNNER_TARGETS.map((p) => [p, `registry.example/team/workspace-runner-${p}:v7`]));
  });

  it('should build and push the chosen target with the chosen builder when PROFILE and TAG are set', () => {
    const result = helper(['build-push'], {
      PROFILE: 'secops',
      TAG: 'v1',
      RUNNER_IMAGE_BUILDER: 'podman',
      RUNNER_IMAGE_REGISTRY: 'registry.example',
    });

    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      '+ podman build --target secops -t registry.example/workspace-runner-secops:v1 -f scripts/../runner-images/Dockerfile scripts/../runner-images',
      '+ podman push registry.example/workspace-runner-secops:v1',
    ]);
  });

  it('should use buildah bud when buildah is the builder', () => {
    const result = helper(['build', 'k6', 'v1'], { RUNNER_IMAGE_BUILDER: 'buildah' });

    expect(result.stdout.trim()).toBe(
      '+ buildah bud --target k6 -t workspace-runner-k6:v1 -f scripts/../runner-images/Dockerfile scripts/../runner-images',
    );
  });

  it('should print a clear error when no container builder is installed', () => {
    const result = run('/bin/bash', [script, 'build', 'base', 'v1'], {
      env: { PATH: '/nonexistent' },
    });

    expect(result.status).toBe(127);
    expect(result.stderr).toContain(
      'no container builder found: install docker, podman or buildah',
    );
  });

  it('should refuse an unknown profile, the latest tag and a push without a registry', () => {
    const unknown = helper(['build', 'huge', 'v1'], { RUNNER_IMAGE_BUILDER: 'docker' });
    const latest = helper(['build', 'base', 'latest'], { RUNNER_IMAGE_BUILDER: 'docker' });
    const noRegistry = helper(['build-push', 'base', 'v1'], {
      RUNNER_IMAGE_BUILDER: 'docker',
      RUNNER_IMAGE_REGISTRY: '',
    });

    expect([unknown.status, latest.status, noRegistry.status]).toEqual([2, 2, 2]);
    expect(unknown.stderr).toContain('unknown profile "huge"');
    expect(latest.stderr).toContain('refusing tag "latest"');
    expect(noRegistry.stderr).toContain('build-push needs RUNNER_IMAGE_REGISTRY');
  });
});

describe('deploy/README.md', () => {
  it('should describe every manifest file under deploy/', () => {
    const readme = readFileSync('deploy/README.md', 'utf8');

    for (const file of manifestFiles) {
      expect(readme).toContain(basename(file));
    }
  });
});
