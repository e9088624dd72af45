import type { AppConfig } from '#app/config';
import type { WorkspaceOptions } from './workspace.module-definition.js';

/**
 * The `WorkspaceModule.forRoot` options for the configured backend (`WORKSPACE_BACKEND`).
 * @throws Error `kubernetes client: …` when the kubernetes backend has no settings (config
 * validation requires them, so this only guards a hand-built `AppConfig`).
 */
export function workspaceOptionsFrom(
  config: AppConfig,
  serviceEnv: Record<string, string | undefined>,
): WorkspaceOptions {
  const { workspace } = config;
  switch (workspace.backend) {
    case 'local':
      return {
        backend: 'local',
        root: workspace.root,
        serviceEnv,
        localSandbox: workspace.localSandbox,
        artifactRoot: workspace.artifactRoot,
      };
    case 'kubernetes':
      if (!config.kubernetes) {
        throw new Error('kubernetes client: the kubernetes configuration is missing');
      }
      return { backend: 'kubernetes', serviceEnv, kubernetes: config.kubernetes };
    default: {
      const unknown: never = workspace.backend;
      throw new Error(`unknown workspace backend ${String(unknown)}`);
    }
  }
}
