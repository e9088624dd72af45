import { Module } from '@nestjs/common';
import { createKubeClient, KubernetesClient } from '#app/kubernetes';
import { CommandRunner } from './command-runner.port.js';
import { KubernetesWorkspaceManager } from './kubernetes/kubernetes-workspace-manager.js';
import { KubernetesWorkspaceRuntimeFactory } from './kubernetes/kubernetes-workspace-runtime-factory.js';
import { PodWorkspaceJanitor } from './kubernetes/pod-workspace-janitor.js';
import { IdleWorkspaceJanitor } from './local/idle-workspace-janitor.js';
import { LocalCommandRunner } from './local/local-command-runner.js';
import { startLocalSandbox } from './local/local-sandbox.factory.js';
import { SandboxStatus } from './local/sandbox-status.js';
import { LocalWorkspaceManager } from './local/local-workspace-manager.js';
import { LocalWorkspaceRuntimeFactory } from './local/local-workspace-runtime-factory.js';
import { WorkspaceJanitor } from './workspace-janitor.port.js';
import { WorkspaceManager } from './workspace-manager.port.js';
import { WorkspaceRuntimeFactory } from './workspace-runtime.port.js';
import {
  ConfigurableWorkspaceModule,
  WORKSPACE_OPTIONS,
  type WorkspaceOptions,
} from './workspace.module-definition.js';

/**
 * The workspace backend behind its ports, chosen by `WORKSPACE_BACKEND`:
 * `WorkspaceModule.forRoot(workspaceOptionsFrom(config, serviceEnv))` (one options shape per backend).
 * Exports the ports (`WorkspaceManager`, `WorkspaceRuntimeFactory`, `CommandRunner`,
 * `WorkspaceJanitor`, `SandboxStatus`) and the injectable `KubernetesClient`. With the kubernetes
 * backend the client is built at boot; a failure (`kubernetes client: …`) stops the start (API.md 12.1).
 */
@Module({
  providers: [
    {
      provide: SandboxStatus,
      inject: [WORKSPACE_OPTIONS],
      useFactory: (options: WorkspaceOptions): Promise<SandboxStatus> =>
        // Only local sessions run programs on this host; kubernetes sessions run them in their pod.
        options.backend === 'local'
          ? startLocalSandbox(options)
          : Promise.resolve(new SandboxStatus(null)),
    },
    {
      provide: CommandRunner,
      inject: [WORKSPACE_OPTIONS, SandboxStatus],
      useFactory: (options: WorkspaceOptions, status: SandboxStatus): CommandRunner =>
        status.runner ?? new LocalCommandRunner({ serviceEnv: options.serviceEnv }),
    },
    {
      provide: KubernetesClient,
      inject: [WORKSPACE_OPTIONS],
      useFactory: (options: WorkspaceOptions): KubernetesClient =>
        options.backend === 'kubernetes'
          ? new KubernetesClient(createKubeClient(options.kubernetes))
          : KubernetesClient.NONE,
    },
    {
      provide: WorkspaceManager,
      inject: [WORKSPACE_OPTIONS, CommandRunner, KubernetesClient],
      useFactory: (
        options: WorkspaceOptions,
        runner: CommandRunner,
        kube: KubernetesClient,
      ): WorkspaceManager =>
        options.backend === 'kubernetes'
          ? new KubernetesWorkspaceManager(options.kubernetes, kube.require())
          : new LocalWorkspaceManager({ workspaceRoot: options.root }, runner),
    },
    {
      provide: WorkspaceRuntimeFactory,
      inject: [WORKSPACE_OPTIONS, CommandRunner, KubernetesClient],
      useFactory: (
        options: WorkspaceOptions,
        runner: CommandRunner,
        kube: KubernetesClient,
      ): WorkspaceRuntimeFactory =>
        options.backend === 'kubernetes'
          ? new KubernetesWorkspaceRuntimeFactory(options.kubernetes, kube.require(), runner)
          : new LocalWorkspaceRuntimeFactory(runner),
    },
    {
      provide: WorkspaceJanitor,
      inject: [WORKSPACE_OPTIONS, KubernetesClient],
      useFactory: (options: WorkspaceOptions, kube: KubernetesClient): WorkspaceJanitor =>
        options.backend === 'kubernetes'
          ? new PodWorkspaceJanitor(
              kube.require(),
              options.kubernetes.namespace,
              options.kubernetes.janitor,
            )
          : new IdleWorkspaceJanitor(),
    },
  ],
  exports: [
    CommandRunner,
    KubernetesClient,
    SandboxStatus,
    WorkspaceJanitor,
    WorkspaceManager,
    WorkspaceRuntimeFactory,
  ],
})
export class WorkspaceModule extends ConfigurableWorkspaceModule {}
