import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeExec } from './fake-kube-exec.js';
import { fakeKubeconfig } from './fake-kubeconfig.js';
import type { KubeObject, PodBehaviour, RecordedRequest } from './kube-object.js';
import { KubeObjectHandlers } from './kube-object-handlers.js';
import { KubeObjectStore } from './kube-object-store.js';
import { readKubeRequestBody } from './kube-request-body.js';
import { KUBE_RESOURCES } from './kube-resources.js';
import { sendJson, sendStatus } from './kube-status.js';

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
  private readonly store = new KubeObjectStore();
  private readonly objects: KubeObjectHandlers;
  private readonly server: Server;
  private readonly exec: FakeKubeExec;
  readonly root: string;
  readyAfterMs = 0;
  podBehaviour: (pod: KubeObject) => PodBehaviour = () => 'ready';
  podLogs = new Map<string, string>();

  private constructor() {
    this.root = realpathSync(mkdtempSync(join(tmpdir(), 'fake-kube-')));
    // The handlers read readyAfterMs, podBehaviour and podLogs through this server, so tests can
    // change them at any time.
    this.objects = new KubeObjectHandlers(this.store, this);
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
    writeFileSync(path, fakeKubeconfig(this.url, namespace));
    return path;
  }

  /** The local directory standing for the pod's `/workspace`. */
  podDir(namespace: string, pod: string): string {
    return join(this.root, namespace, pod);
  }

  get(plural: string, namespace: string, name: string): KubeObject | undefined {
    return this.store.get(plural, namespace, name);
  }

  list(plural: string, namespace: string): KubeObject[] {
    return this.store.list(plural, namespace);
  }

  /** Seeds an object directly (as if another client created it). */
  put(plural: string, namespace: string, object: KubeObject): KubeObject {
    const resource = KUBE_RESOURCES.find((entry) => entry.plural === plural)!;
    const stored = this.store.stamp(resource, namespace, object, undefined);
    this.store.bucket(namespace, plural).set(stored.metadata.name as string, stored);
    return stored;
  }

  async close(): Promise<void> {
    this.exec.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Records the request, then routes it by path and method to the object handlers. */
  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const body = await readKubeRequestBody(request);
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
    const resource = KUBE_RESOURCES.find(
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
        this.objects.list(response, resource, namespace, url.searchParams);
      } else if (method === 'POST' && body) {
        this.objects.create(response, resource, namespace, body, dryRun);
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
      this.objects.log(response, name, url.searchParams);
      return;
    }
    if (sub !== undefined) {
      sendStatus(response, 404, 'NotFound', 'the server could not find the requested resource');
      return;
    }
    if (method === 'GET') {
      sendJson(response, 200, this.objects.observe(resource, existing));
    } else if (method === 'DELETE') {
      this.objects.remove(response, namespace, plural, name, existing);
    } else if (method === 'PUT' && body) {
      this.objects.replace(response, resource, namespace, name, existing, body, dryRun);
    } else {
      sendStatus(response, 405, 'MethodNotAllowed', 'method not allowed');
    }
  }
}
