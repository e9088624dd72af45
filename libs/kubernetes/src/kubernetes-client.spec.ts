import { KubeConfig } from '@kubernetes/client-node';
import { AppException } from '#app/errors';
import { KubeClient } from './kube-client.js';
import { KubernetesClient } from './kubernetes-client.js';

describe('KubernetesClient', () => {
  it('should refuse with execution_failed when no client is configured (local backend)', () => {
    const require = (): unknown => KubernetesClient.NONE.require();

    expect(require).toThrow(AppException);
    expect(require).toThrow('kubernetes client is not configured');
  });

  it('should hand out the configured client', () => {
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:6443' }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const api = new KubeClient(config);

    expect(new KubernetesClient(api).require()).toBe(api);
  });
});
