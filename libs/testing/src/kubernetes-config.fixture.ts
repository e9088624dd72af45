import type { KubernetesConfig } from '#app/config';

/** The CONFIG.md 2.9/2.10 defaults, overridable per test. */
export function kubernetesConfig(overrides: Partial<KubernetesConfig> = {}): KubernetesConfig {
  return {
    namespace: 'swe-ai-fleet',
    runnerImage: 'docker.io/library/alpine:3.20',
    runnerImageBundles: {},
    runnerProfileMetadataKey: 'runner_profile',
    initImage: 'docker.io/alpine/git:2.45.2',
    workdir: '/workspace/repo',
    container: 'runner',
    podPrefix: 'ws',
    readyTimeoutSeconds: 120,
    forkTimeoutSeconds: 600,
    forkMaxBytes: 0,
    gitAuthMetadataKey: 'git_auth_secret',
    runAsUser: 1000,
    runAsGroup: 1000,
    fsGroup: 1000,
    readOnlyRootFs: false,
    automountServiceAccountToken: false,
    janitor: {
      enabled: true,
      intervalSeconds: 60,
      sessionPodTerminalTtlSeconds: 300,
      containerPodTerminalTtlSeconds: 300,
      missingSessionGraceSeconds: 120,
    },
    ...overrides,
  };
}
