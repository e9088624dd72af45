import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { KubernetesConfig } from '#app/config';

interface CommonWorkspaceOptions {
  /** Environment snapshot taken at boot; commands inherit it minus service secrets (CONFIG.md 3). */
  serviceEnv: Record<string, string | undefined>;
}

/** `WORKSPACE_BACKEND=local`: a directory per session, programs run on this host. */
export interface LocalWorkspaceOptions extends CommonWorkspaceOptions {
  backend: 'local';
  /** Base directory of local workspaces. */
  root: string;
  /**
   * docs/SANDBOX.md: `required` runs every command in the bubblewrap sandbox and refuses commands
   * (503 `unavailable`) while it cannot be created; `off` runs them directly on the host. Default
   * `required`; the service passes `WORKSPACE_LOCAL_SANDBOX`.
   */
  localSandbox?: 'required' | 'off';
  /** `ARTIFACT_ROOT`: hidden from sandboxed programs, like `root`. */
  artifactRoot?: string;
}

/** `WORKSPACE_BACKEND=kubernetes`: a pod per session, reached with the service's own client. */
export interface KubernetesWorkspaceOptions extends CommonWorkspaceOptions {
  backend: 'kubernetes';
  /** `AppConfig.kubernetes` (CONFIG.md 2.9, 2.10). */
  kubernetes: KubernetesConfig;
}

/** One shape per backend, so each backend's settings are present exactly when it is chosen. */
export type WorkspaceOptions = LocalWorkspaceOptions | KubernetesWorkspaceOptions;

export const {
  ConfigurableModuleClass: ConfigurableWorkspaceModule,
  MODULE_OPTIONS_TOKEN: WORKSPACE_OPTIONS,
} = new ConfigurableModuleBuilder<WorkspaceOptions>({ moduleName: 'Workspace' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
