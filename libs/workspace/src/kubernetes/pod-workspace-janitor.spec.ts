import type { KubeClient } from '#app/kubernetes';
import { kubernetesConfig } from '#app/testing';
import { IdleWorkspaceJanitor } from '../local/idle-workspace-janitor.js';
import { PodWorkspaceJanitor } from './pod-workspace-janitor.js';

// The sweep itself is PodJanitor's (libs/kubernetes/src/pod-janitor.spec.ts); this is the schedule.
const noClient = {} as KubeClient;

describe('workspace janitors', () => {
  it('should sweep pods every intervalSeconds when the pod janitor is enabled', () => {
    const janitor = new PodWorkspaceJanitor(noClient, 'ns', {
      ...kubernetesConfig().janitor,
      intervalSeconds: 90,
    });

    expect(janitor.intervalMs).toBe(90_000);
  });

  it('should never be scheduled when the pod janitor is disabled', () => {
    const janitor = new PodWorkspaceJanitor(noClient, 'ns', {
      ...kubernetesConfig().janitor,
      enabled: false,
    });

    expect(janitor.intervalMs).toBeNull();
  });

  it('should never be scheduled with local workspaces (nothing is left behind)', async () => {
    const janitor = new IdleWorkspaceJanitor();

    expect(janitor.intervalMs).toBeNull();
    await expect(janitor.sweepOnce()).resolves.toBeUndefined();
  });
});
