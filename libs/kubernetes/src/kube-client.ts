import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, Exec, KubeConfig } from '@kubernetes/client-node';

/** Where the client configuration comes from (CONFIG.md 2.9). */
export interface KubeClientSource {
  kubeconfig?: string;
  home?: string;
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** The service's own Kubernetes client: typed REST APIs plus pod exec over WebSocket. */
export class KubeClient {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly exec: Exec;

  constructor(readonly kubeConfig: KubeConfig) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.exec = new Exec(kubeConfig);
  }
}

/**
 * `$KUBECONFIG`, else `$HOME/.kube/config`, else in-cluster (API.md 8.4). Any failure is thrown as
 * `kubernetes client: <reason>`, which stops the process at startup (API.md 12.1 step 4).
 */
export function createKubeClient(source: KubeClientSource): KubeClient {
  const kubeConfig = new KubeConfig();
  try {
    const homeConfig = source.home ? join(source.home, '.kube', 'config') : undefined;
    if (source.kubeconfig) {
      kubeConfig.loadFromFile(source.kubeconfig);
    } else if (homeConfig !== undefined && existsSync(homeConfig)) {
      kubeConfig.loadFromFile(homeConfig);
    } else if (existsSync(IN_CLUSTER_TOKEN)) {
      kubeConfig.loadFromCluster();
    } else {
      throw new Error(
        'no kubeconfig found ($KUBECONFIG, ~/.kube/config) and not running in a cluster',
      );
    }
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster?.server) {
      throw new Error('the configuration names no current cluster');
    }
    return new KubeClient(kubeConfig);
  } catch (error) {
    throw new Error(
      `kubernetes client: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
