import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { KubernetesConfig } from '#app/config';

export interface WorkspaceOptions {
  backend: 'local' | 'kubernetes';
  /** Base directory of local workspaces. */
  root: string;
  /** Environment snapshot taken at boot; commands inherit it minus service secrets (CONFIG.md 3). */
  serviceEnv: Record<string, string | undefined>;
  /** Required when `backend` is `kubernetes` (`AppConfig.kubernetes`). */
  kubernetes?: KubernetesConfig | null;
  /**
   * Local backend only: `auto` runs commands in a bubblewrap sandbox when `bwrap` works here,
   * `off` never does (docs/SANDBOX.md). Default `off` when absent; the service passes
   * `WORKSPACE_LOCAL_SANDBOX` (default `auto`).
   */
  localSandbox?: 'auto' | 'off';
}

export const {
  ConfigurableModuleClass: ConfigurableWorkspaceModule,
  MODULE_OPTIONS_TOKEN: WORKSPACE_OPTIONS,
} = new ConfigurableModuleBuilder<WorkspaceOptions>({ moduleName: 'Workspace' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
