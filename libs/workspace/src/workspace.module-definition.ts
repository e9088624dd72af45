import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface WorkspaceOptions {
  backend: 'local' | 'kubernetes';
  /** Base directory of local workspaces. */
  root: string;
  /** Environment snapshot taken at boot; commands inherit it minus service secrets (CONFIG.md 3). */
  serviceEnv: Record<string, string | undefined>;
}

export const {
  ConfigurableModuleClass: ConfigurableWorkspaceModule,
  MODULE_OPTIONS_TOKEN: WORKSPACE_OPTIONS,
} = new ConfigurableModuleBuilder<WorkspaceOptions>({ moduleName: 'Workspace' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
