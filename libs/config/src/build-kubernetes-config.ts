import { posix } from 'node:path';
import type { KubernetesConfig } from './app-config.js';
import { parseImageBundles } from './env-json.parsers.js';
import type { ValidatedEnv } from './validated-env.js';

/** The `kubernetes` group (CONFIG.md 2.9 and 2.10); only built when the backend is kubernetes. */
export function buildKubernetesConfig(env: ValidatedEnv): KubernetesConfig {
  return {
    kubeconfig: env.optional('KUBECONFIG'),
    home: env.optional('HOME'),
    namespace: env.text('WORKSPACE_K8S_NAMESPACE'),
    serviceAccount: env.optional('WORKSPACE_K8S_SERVICE_ACCOUNT'),
    runnerImage: env.text('WORKSPACE_K8S_RUNNER_IMAGE'),
    runnerImageBundles:
      env.json('WORKSPACE_K8S_RUNNER_IMAGE_BUNDLES_JSON', parseImageBundles) ?? {},
    runnerProfileMetadataKey: env.text('WORKSPACE_K8S_RUNNER_PROFILE_METADATA_KEY'),
    initImage: env.text('WORKSPACE_K8S_INIT_IMAGE'),
    workdir: posix.resolve(env.text('WORKSPACE_K8S_WORKDIR')),
    container: env.text('WORKSPACE_K8S_CONTAINER'),
    podPrefix: env.text('WORKSPACE_K8S_POD_PREFIX'),
    readyTimeoutSeconds: env.integer('WORKSPACE_K8S_READY_TIMEOUT_SECONDS'),
    forkTimeoutSeconds: env.integer('WORKSPACE_K8S_FORK_TIMEOUT_SECONDS'),
    forkMaxBytes: env.integer('WORKSPACE_K8S_FORK_MAX_BYTES'),
    gitAuthSecret: env.optional('WORKSPACE_K8S_GIT_AUTH_SECRET'),
    gitAuthMetadataKey: env.text('WORKSPACE_K8S_GIT_AUTH_METADATA_KEY'),
    runAsUser: env.integer('WORKSPACE_K8S_RUN_AS_USER'),
    runAsGroup: env.integer('WORKSPACE_K8S_RUN_AS_GROUP'),
    fsGroup: env.integer('WORKSPACE_K8S_FS_GROUP'),
    readOnlyRootFs: env.boolean('WORKSPACE_K8S_READ_ONLY_ROOT_FS'),
    automountServiceAccountToken: env.boolean('WORKSPACE_K8S_AUTOMOUNT_SA_TOKEN'),
    janitor: {
      enabled: env.boolean('WORKSPACE_K8S_POD_JANITOR_ENABLED'),
      intervalSeconds: env.integer('WORKSPACE_K8S_POD_JANITOR_INTERVAL_SECONDS'),
      sessionPodTerminalTtlSeconds: env.integer('WORKSPACE_K8S_SESSION_POD_TERMINAL_TTL_SECONDS'),
      containerPodTerminalTtlSeconds: env.integer(
        'WORKSPACE_K8S_CONTAINER_POD_TERMINAL_TTL_SECONDS',
      ),
      missingSessionGraceSeconds: env.integer('WORKSPACE_K8S_MISSING_SESSION_GRACE_SECONDS'),
    },
  };
}
