import type { KubeObject } from './kube-object.js';
import type { KubeResource } from './kube-resources.js';

/** The fake's objects, namespace/plural → name → object, and the resource version counter. */
export class KubeObjectStore {
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  private version = 1;

  get resourceVersion(): number {
    return this.version;
  }

  get(plural: string, namespace: string, name: string): KubeObject | undefined {
    return this.buckets.get(`${namespace}/${plural}`)?.get(name);
  }

  list(plural: string, namespace: string): KubeObject[] {
    return [...(this.buckets.get(`${namespace}/${plural}`)?.values() ?? [])];
  }

  bucket(namespace: string, plural: string): Map<string, KubeObject> {
    const key = `${namespace}/${plural}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** The object as the server would store it: type, metadata bumped, controller status filled in. */
  stamp(
    resource: KubeResource,
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
        uid: existing?.metadata?.uid ?? `uid-${this.version}`,
        resourceVersion: String(++this.version),
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
      object.spec.clusterIP = existing?.spec?.clusterIP ?? `10.96.0.${this.version % 250}`;
    }
    return object;
  }
}
