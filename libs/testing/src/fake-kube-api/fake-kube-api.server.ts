import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realpathSync } from 'node:fs';
import { FakeKubeExec } from './fake-kube-exec.js';
import { matchesSelector, sendJson, sendStatus } from './kube-status.js';

/** Loosely typed Kubernetes object: the fake stores what it was sent. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = Record<string, any>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: KubeObject;
}

/**
 * What a created pod turns into once `readyAfterMs` has passed. `{ exitCode }` is a finished
 * container-run pod (`Succeeded` for 0, else `Failed`) whose `task` container terminated with it.
 */
export type PodBehaviour = 'ready' | 'never-ready' | 'fail' | { exitCode: number };

interface Resource {
  plural: string;
  group: string;
  kind: string;
  apiVersion: string;
}

const RESOURCES: Resource[] = [
  { plural: 'pods', group: 'api/v1', kind: 'Pod', apiVersion: 'v1' },
  { plural: 'services', group: 'api/v1', kind: 'Service', apiVersion: 'v1' },
  { plural: 'configmaps', group: 'api/v1', kind: 'ConfigMap', apiVersion: 'v1' },
  { plural: 'deployments', group: 'apis/apps/v1', kind: 'Deployment', apiVersion: 'apps/v1' },
];

/**
 * A protocol-level fake of the Kubernetes API server for tests (node:http + ws): pods (create, get,
 * list with label/field selectors, delete, log, exec), services, configmaps and deployments (get,
 * list, create, replace, with `dryRun`). Errors are `Status` objects with the real codes. Every
 * request is recorded. Session and container-run pods leave `Pending` after `readyAfterMs` as
 * `podBehaviour` says; exec runs the command locally
 * in a per-pod directory mapped to `/workspace` (its `repo` subdirectory is created with the pod).
 */
export class FakeKubeApiServer {
  readonly requests: RecordedRequest[] = [];
  /** namespace/plural → name → object. */
  private readonly store = new Map<string, Map<string, KubeObject>>();
  private readonly server: Server;
  private readonly exec: FakeKubeExec;
  readonly root: string;
  readyAfterMs = 0;
  podBehaviour: (pod: KubeObject) => PodBehaviour = () => 'ready';
  podLogs = new Map<string, string>();
  private resourceVersion = 1;

  private constructor() {
    this.root = realpathSync(mkdtempSync(join(tmpdir(), 'fake-kube-')));
    this.exec = new FakeKubeExec((namespace, pod) =>
      this.get('pods', namespace, pod) ? this.podDir(namespace, pod) : undefined,
    );
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) =>
        sendStatus(response, 500, 'InternalError', String(error)),
      );
    });
    this.server.on('upgrade', (request, socket, head) => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
      if (!match) {
        socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      this.requests.push({
        method: 'EXEC',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
      });
      this.exec.upgrade(request, socket, head, match[1], match[2], url.searchParams);
    });
  }

  static async start(): Promise<FakeKubeApiServer> {
    const fake = new FakeKubeApiServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get execs(): FakeKubeExec['records'] {
    return this.exec.records;
  }

  /** The exec sub-protocols spoken, preferred first (default v5 then v4). */
  set execProtocols(protocols: string[]) {
    this.exec.protocols = protocols;
  }

  /** Refuses the execs it picks with the `Status` code it returns (see `FakeKubeExec.refusal`). */
  set execRefusal(refusal: FakeKubeExec['refusal']) {
    this.exec.refusal = refusal;
  }

  /** Writes a kubeconfig naming this server (plain http, so TLS verification is skipped). */
  writeKubeconfig(path: string, namespace = 'default'): string {
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: fake',
        '  cluster:',
        `    server: ${this.url}`,
        '    insecure-skip-tls-verify: true',
        'users:',
        '- name: tester',
        '  user:',
        '    token: fake-token',
        'contexts:',
        '- name: fake',
        '  context:',
        '    cluster: fake',
        '    user: tester',
        `    namespace: ${namespace}`,
        'current-context: fake',
        '',
      ].join('\n'),
    );
    return path;
  }

  /** The local directory standing for the pod's `/workspace`. */
  podDir(namespace: string, pod: string): string {
    return join(this.root, namespace, pod);
  }

  get(plural: string, namespace: string, name: string): KubeObject | undefined {
    return this.store.get(`${namespace}/${plural}`)?.get(name);
  }

  list(plural: string, namespace: string): KubeObject[] {
    return [...(this.store.get(`${namespace}/${plural}`)?.values() ?? [])];
  }

  /** Seeds an object directly (as if another client created it). */
  put(plural: string, namespace: string, object: KubeObject): KubeObject {
    const resource = RESOURCES.find((entry) => entry.plural === plural)!;
    const stored = this.stamp(resource, namespace, object, undefined);
    this.bucket(namespace, plural).set(stored.metadata.name as string, stored);
    return stored;
  }

  async close(): Promise<void> {
    this.exec.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.root, { recursive: true, force: true });
  }

  private bucket(namespace: string, plural: string): Map<string, KubeObject> {
    const key = `${namespace}/${plural}`;
    let bucket = this.store.get(key);
    if (!bucket) {
      bucket = new Map();
      this.store.set(key, bucket);
    }
    return bucket;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const body = await readBody(request);
    const method = request.method ?? 'GET';
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(body ? { body } : {}),
    });
    const match =
      /^\/(api\/v1|apis\/apps\/v1)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
        url.pathname,
      );
    const resource = RESOURCES.find(
      (entry) => entry.group === match?.[1] && entry.plural === match?.[3],
    );
    if (!match || !resource) {
      sendStatus(response, 404, 'NotFound', 'the server could not find the requested resource');
      return;
    }
    const [, , namespace = '', plural = '', name, sub] = match;
    const dryRun = url.searchParams.get('dryRun') === 'All';
    if (name === undefined) {
      if (method === 'GET') {
        this.answerList(response, resource, namespace, url.searchParams);
      } else if (method === 'POST' && body) {
        this.create(response, resource, namespace, body, dryRun);
      } else {
        sendStatus(response, 405, 'MethodNotAllowed', 'method not allowed');
      }
      return;
    }
    const existing = this.get(plural, namespace, name);
    if (!existing) {
      sendStatus(response, 404, 'NotFound', `${plural} "${name}" not found`, {
        name,
        kind: plural,
      });
      return;
    }
    if (sub === 'log' && plural === 'pods' && method === 'GET') {
      this.answerLog(response, name, url.searchParams);
      return;
    }
    if (sub !== undefined) {
      sendStatus(response, 404, 'NotFound', 'the server could not find the requested resource');
      return;
    }
    if (method === 'GET') {
      sendJson(response, 200, this.observe(resource, existing));
    } else if (method === 'DELETE') {
      this.bucket(namespace, plural).delete(name);
      if (plural === 'pods') {
        rmSync(this.podDir(namespace, name), { recursive: true, force: true });
      }
      sendJson(response, 200, {
        ...existing,
        metadata: { ...existing.metadata, deletionTimestamp: new Date().toISOString() },
      });
    } else if (method === 'PUT' && body) {
      if (
        body.metadata?.resourceVersion !== undefined &&
        body.metadata.resourceVersion !== existing.metadata.resourceVersion
      ) {
        sendStatus(
          response,
          409,
          'Conflict',
          `Operation cannot be fulfilled on ${plural} "${name}": the object has been modified`,
        );
        return;
      }
      const updated = this.stamp(resource, namespace, body, existing);
      if (!dryRun) {
        this.bucket(namespace, plural).set(name, updated);
      }
      sendJson(response, 200, updated);
    } else {
      sendStatus(response, 405, 'MethodNotAllowed', 'method not allowed');
    }
  }

  private create(
    response: ServerResponse,
    resource: Resource,
    namespace: string,
    body: KubeObject,
    dryRun: boolean,
  ): void {
    const name = body.metadata?.name as string | undefined;
    if (!name) {
      sendStatus(
        response,
        422,
        'Invalid',
        `${resource.kind} is invalid: metadata.name: Required value`,
      );
      return;
    }
    if (this.get(resource.plural, namespace, name)) {
      sendStatus(response, 409, 'AlreadyExists', `${resource.plural} "${name}" already exists`, {
        name,
        kind: resource.plural,
      });
      return;
    }
    const created = this.stamp(resource, namespace, body, undefined);
    if (!dryRun) {
      this.bucket(namespace, resource.plural).set(name, created);
      if (resource.plural === 'pods') {
        created.status = { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] };
        // The init container's job: an empty workdir on the shared volume.
        mkdirSync(join(this.podDir(namespace, name), 'repo'), { recursive: true });
      }
    }
    sendJson(response, 201, created);
  }

  private stamp(
    resource: Resource,
    namespace: string,
    body: KubeObject,
    existing: KubeObject | undefined,
  ): KubeObject {
    const generation = ((existing?.metadata?.generation as number | undefined) ?? 0) + 1;
    const object: KubeObject = {
      ...structuredClone(body),
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      metadata: {
        ...structuredClone(body.metadata ?? {}),
        namespace,
        uid: existing?.metadata?.uid ?? `uid-${this.resourceVersion}`,
        resourceVersion: String(++this.resourceVersion),
        generation,
        creationTimestamp:
          existing?.metadata?.creationTimestamp ??
          body.metadata?.creationTimestamp ??
          new Date().toISOString(),
      },
    };
    if (resource.plural === 'deployments') {
      const replicas = (object.spec?.replicas as number | undefined) ?? 1;
      object.status = {
        observedGeneration: generation,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'ok' },
        ],
      };
    }
    if (resource.plural === 'services' && object.spec && !object.spec.clusterIP) {
      object.spec.clusterIP = existing?.spec?.clusterIP ?? `10.96.0.${this.resourceVersion % 250}`;
    }
    return object;
  }

  /** Pods move to Running/Ready once `readyAfterMs` has passed (or fail, per `podBehaviour`). */
  private observe(resource: Resource, object: KubeObject): KubeObject {
    const app = object.metadata?.labels?.app;
    if (
      resource.plural !== 'pods' ||
      (app !== 'workspace-session' && app !== 'workspace-container-run') ||
      object.status?.phase !== 'Pending'
    ) {
      return object;
    }
    const age = Date.now() - Date.parse(object.metadata.creationTimestamp as string);
    if (age < this.readyAfterMs) {
      return object;
    }
    const behaviour = this.podBehaviour(object);
    if (app === 'workspace-container-run') {
      object.status = containerRunStatus(object, behaviour);
    } else if (behaviour === 'ready') {
      object.status = {
        phase: 'Running',
        podIP: '10.0.0.7',
        conditions: [{ type: 'Ready', status: 'True' }],
      };
    } else if (behaviour === 'fail') {
      object.status = {
        phase: 'Failed',
        initContainerStatuses: [
          {
            name: 'repo-init',
            ready: false,
            restartCount: 0,
            image: 'init',
            imageID: '',
            state: {
              terminated: {
                exitCode: 128,
                reason: 'Error',
                message: 'fatal: repository not found',
              },
            },
          },
        ],
      };
    }
    return object;
  }

  private answerList(
    response: ServerResponse,
    resource: Resource,
    namespace: string,
    query: URLSearchParams,
  ): void {
    const items = this.list(resource.plural, namespace)
      .map((object) => this.observe(resource, object))
      .filter((object) =>
        matchesSelector(query.get('labelSelector'), object.metadata?.labels ?? {}),
      )
      .filter((object) =>
        matchesSelector(query.get('fieldSelector'), {
          'metadata.name': object.metadata?.name,
          'metadata.namespace': namespace,
          'status.phase': object.status?.phase,
        }),
      );
    sendJson(response, 200, {
      apiVersion: resource.apiVersion,
      kind: `${resource.kind}List`,
      metadata: { resourceVersion: String(this.resourceVersion) },
      items,
    });
  }

  private answerLog(response: ServerResponse, pod: string, query: URLSearchParams): void {
    let lines = (this.podLogs.get(pod) ?? '').split('\n');
    if (lines.at(-1) === '') {
      lines.pop();
    }
    const tail = Number(query.get('tailLines') ?? '0');
    if (tail > 0) {
      lines = lines.slice(-tail);
    }
    let text = lines.map((line) => `${line}\n`).join('');
    const limit = Number(query.get('limitBytes') ?? '0');
    if (limit > 0) {
      text = Buffer.from(text).subarray(0, limit).toString();
    }
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end(text);
  }
}

/** A task pod's status: its containers running, terminated with an exit code, or failed to start. */
function containerRunStatus(pod: KubeObject, behaviour: PodBehaviour): KubeObject {
  const names = ((pod.spec?.containers as KubeObject[] | undefined) ?? []).map(
    (container) => container.name as string,
  );
  const statuses = (state: KubeObject): KubeObject[] =>
    names.map((name) => ({
      name,
      ready: state['running'] !== undefined,
      restartCount: 0,
      image: '',
      imageID: '',
      state,
    }));
  if (behaviour === 'never-ready') {
    return pod.status as KubeObject;
  }
  if (behaviour === 'ready') {
    return {
      phase: 'Running',
      podIP: '10.0.0.8',
      containerStatuses: statuses({ running: { startedAt: new Date().toISOString() } }),
    };
  }
  if (behaviour === 'fail') {
    return {
      phase: 'Failed',
      reason: 'Error',
      message: 'the task container could not start',
      containerStatuses: [],
    };
  }
  const terminated = {
    exitCode: behaviour.exitCode,
    reason: behaviour.exitCode === 0 ? 'Completed' : 'Error',
  };
  return {
    phase: behaviour.exitCode === 0 ? 'Succeeded' : 'Failed',
    containerStatuses: statuses({ terminated }),
  };
}

async function readBody(request: IncomingMessage): Promise<KubeObject | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) {
    return undefined;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? undefined : (JSON.parse(text) as KubeObject);
}
