/** A resource the fake serves: its URL path (group + plural) and the type it stamps on objects. */
export interface KubeResource {
  plural: string;
  group: string;
  kind: string;
  apiVersion: string;
}

export const KUBE_RESOURCES: KubeResource[] = [
  { plural: 'pods', group: 'api/v1', kind: 'Pod', apiVersion: 'v1' },
  { plural: 'services', group: 'api/v1', kind: 'Service', apiVersion: 'v1' },
  { plural: 'configmaps', group: 'api/v1', kind: 'ConfigMap', apiVersion: 'v1' },
  { plural: 'deployments', group: 'apis/apps/v1', kind: 'Deployment', apiVersion: 'apps/v1' },
];
