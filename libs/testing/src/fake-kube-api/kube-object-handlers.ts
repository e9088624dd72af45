import { mkdirSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { KubeObject } from './kube-object.js';
import type { KubeObjectStore } from './kube-object-store.js';
import type { KubeResource } from './kube-resources.js';
import { matchesSelector, sendJson, sendStatus } from './kube-status.js';
import { type PodLifecycle, observePod } from './pod-status.js';

/** What the handlers need of the server's pods: their lifecycle, logs and local directories. */
export interface PodRuntime extends PodLifecycle {
  podLogs: Map<string, string>;
  podDir(namespace: string, pod: string): string;
}

/** Answers each verb on a collection or an existing object as the real API server does. */
export class KubeObjectHandlers {
  constructor(
    private readonly store: KubeObjectStore,
    private readonly pods: PodRuntime,
  ) {}

  observe(resource: KubeResource, object: KubeObject): KubeObject {
    return observePod(resource, object, this.pods);
  }

  list(
    response: ServerResponse,
    resource: KubeResource,
    namespace: string,
    query: URLSearchParams,
  ): void {
    const items = this.store
      .list(resource.plural, namespace)
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
      metadata: { resourceVersion: String(this.store.resourceVersion) },
      items,
    });
  }

  create(
    response: ServerResponse,
    resource: KubeResource,
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
    if (this.store.get(resource.plural, namespace, name)) {
      sendStatus(response, 409, 'AlreadyExists', `${resource.plural} "${name}" already exists`, {
        name,
        kind: resource.plural,
      });
      return;
    }
    const created = this.store.stamp(resource, namespace, body, undefined);
    if (!dryRun) {
      this.store.bucket(namespace, resource.plural).set(name, created);
      if (resource.plural === 'pods') {
        created.status = { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] };
        // The init container's job: an empty workdir on the shared volume.
        mkdirSync(join(this.pods.podDir(namespace, name), 'repo'), { recursive: true });
      }
    }
    sendJson(response, 201, created);
  }

  remove(
    response: ServerResponse,
    namespace: string,
    plural: string,
    name: string,
    existing: KubeObject,
  ): void {
    this.store.bucket(namespace, plural).delete(name);
    if (plural === 'pods') {
      rmSync(this.pods.podDir(namespace, name), { recursive: true, force: true });
    }
    sendJson(response, 200, {
      ...existing,
      metadata: { ...existing.metadata, deletionTimestamp: new Date().toISOString() },
    });
  }

  replace(
    response: ServerResponse,
    resource: KubeResource,
    namespace: string,
    name: string,
    existing: KubeObject,
    body: KubeObject,
    dryRun: boolean,
  ): void {
    if (
      body.metadata?.resourceVersion !== undefined &&
      body.metadata.resourceVersion !== existing.metadata.resourceVersion
    ) {
      sendStatus(
        response,
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resource.plural} "${name}": the object has been modified`,
      );
      return;
    }
    const updated = this.store.stamp(resource, namespace, body, existing);
    if (!dryRun) {
      this.store.bucket(namespace, resource.plural).set(name, updated);
    }
    sendJson(response, 200, updated);
  }

  log(response: ServerResponse, pod: string, query: URLSearchParams): void {
    let lines = (this.pods.podLogs.get(pod) ?? '').split('\n');
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
