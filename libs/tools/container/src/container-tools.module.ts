import { Module } from '@nestjs/common';
import { ContainerTaskPods } from './container-task-pods.js';
import { ContainerExecTool } from './exec.tool.js';
import { ContainerLogsTool } from './logs.tool.js';
import { ContainerPsTool } from './ps.tool.js';
import { ContainerRunTool } from './run.tool.js';

/**
 * CATALOG.md 18: `container.ps`, `container.logs`, `container.run`, `container.exec` against the
 * local runtime (podman, docker, nerdctl — detected per call), or, in kubernetes sessions, against
 * the session's task pods. Needs the global `ConfigModule` (`AppConfig.tools`: strict default and
 * synthetic fallback switch) and the global `WorkspaceModule` (`KubernetesClient`).
 */
@Module({
  providers: [ContainerTaskPods, ContainerPsTool, ContainerLogsTool, ContainerRunTool, ContainerExecTool],
})
export class ContainerToolsModule {}
