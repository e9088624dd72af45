import { Module } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { ContainerRuntime } from './container-runtime.port.js';
import { ContainerTaskPods } from './container-task-pods.js';
import { ContainerExecTool } from './exec.tool.js';
import { LocalContainerRuntime } from './local-container-runtime.js';
import { ContainerLogsTool } from './logs.tool.js';
import { ContainerPsTool } from './ps.tool.js';
import { ContainerRunTool } from './run.tool.js';

/**
 * CATALOG.md 18: `container.ps`, `container.logs`, `container.run`, `container.exec` against the
 * local runtime (podman, docker, nerdctl — detected per call), or, with the kubernetes backend,
 * against the session's task pods: the `ContainerRuntime` is bound here from `WORKSPACE_BACKEND`.
 * Needs the global `ConfigModule` (`AppConfig.tools`: strict default and synthetic fallback switch)
 * and the global `WorkspaceModule` (`KubernetesClient`).
 */
@Module({
  providers: [
    LocalContainerRuntime,
    ContainerTaskPods,
    {
      provide: ContainerRuntime,
      inject: [AppConfig, LocalContainerRuntime, ContainerTaskPods],
      useFactory: (
        config: AppConfig,
        local: LocalContainerRuntime,
        taskPods: ContainerTaskPods,
      ): ContainerRuntime => (config.workspace.backend === 'kubernetes' ? taskPods : local),
    },
    ContainerPsTool,
    ContainerLogsTool,
    ContainerRunTool,
    ContainerExecTool,
  ],
})
export class ContainerToolsModule {}
