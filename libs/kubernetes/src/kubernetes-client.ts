import { AppException } from '#app/errors';
import type { KubeClient } from './kube-client.js';

/**
 * The service's own Kubernetes client as an injectable: `WorkspaceModule.forRoot` provides it,
 * built at boot with the kubernetes backend and empty with the local one. Tools that talk to the
 * cluster inject this class, never the workspace adapter.
 */
export class KubernetesClient {
  /** With the local backend: there is no cluster to talk to. */
  static readonly NONE = new KubernetesClient(null);

  constructor(readonly api: KubeClient | null) {}

  /**
   * The typed APIs.
   * @throws AppException `execution_failed` "kubernetes client is not configured" without a client.
   */
  require(): KubeClient {
    if (!this.api) {
      throw new AppException('execution_failed', 'kubernetes client is not configured');
    }
    return this.api;
  }
}
