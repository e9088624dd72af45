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
   * Local backend only (docs/SANDBOX.md): `required` runs every command in the bubblewrap sandbox
   * and refuses commands (503 `unavailable`) while it cannot be created; `off` runs them directly
   * on the host. Default `required`; the service passes `WORKSPACE_LOCAL_SANDBOX`.
   */
  localSandbox?: 'required' | 'off';
  /** `ARTIFACT_ROOT`: hidden from sandboxed programs, like `root`. */
  artifactRoot?: string;
}

export const {
  ConfigurableModuleClass: ConfigurableWorkspaceModule,
  MODULE_OPTIONS_TOKEN: WORKSPACE_OPTIONS,
} = new ConfigurableModuleBuilder<WorkspaceOptions>({ moduleName: 'Workspace' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
