import { tmpdir } from 'node:os';
import { Logger, Module } from '@nestjs/common';
import { CommandRunner } from './command-runner.port.js';
import { createKubeClient, KubeClientHolder } from './kubernetes/kube-client.js';
import { KubernetesWorkspaceManager } from './kubernetes/kubernetes-workspace-manager.js';
import { KubernetesWorkspaceRuntimeFactory } from './kubernetes/kubernetes-workspace-runtime-factory.js';
import { chooseLocalRunner } from './local/bubblewrap-command-runner.js';
import { LocalCommandRunner } from './local/local-command-runner.js';
import { LocalWorkspaceManager } from './local/local-workspace-manager.js';
import { LocalWorkspaceRuntimeFactory } from './local/local-workspace-runtime-factory.js';
import { WorkspaceManager } from './workspace-manager.port.js';
import { WorkspaceRuntimeFactory } from './workspace-runtime.port.js';
import { ConfigurableWorkspaceModule, WORKSPACE_OPTIONS, type WorkspaceOptions } from './workspace.module-definition.js';

/**
 * The workspace backend behind its ports, chosen by `WORKSPACE_BACKEND`:
 * `WorkspaceModule.forRoot({ backend, root, serviceEnv, kubernetes })`. With the kubernetes backend
 * the client is built at boot; a failure (`kubernetes client: …`) stops the start (API.md 12.1).
 */
@Module({
  providers: [
    {
      provide: CommandRunner,
      inject: [WORKSPACE_OPTIONS],
      useFactory: async (options: WorkspaceOptions): Promise<CommandRunner> => {
        const plain = new LocalCommandRunner({ serviceEnv: options.serviceEnv });
        // Only local sessions run programs on this host; kubernetes sessions run them in their pod.
        const mode = options.backend === 'local' ? (options.localSandbox ?? 'off') : 'off';
        const searchPath = (options.serviceEnv['PATH'] ?? '').split(':').filter((entry) => entry.startsWith('/'));
        const choice = await chooseLocalRunner(plain, mode, tmpdir(), 'bwrap', searchPath);
        if (choice.reason !== undefined) {
          new Logger('WorkspaceModule').warn(
            `bubblewrap sandbox unavailable (${choice.reason}); local commands run unsandboxed (WORKSPACE_LOCAL_SANDBOX=off silences this)`,
          );
        }
        return choice.runner;
      },
    },
    {
      provide: KubeClientHolder,
      inject: [WORKSPACE_OPTIONS],
      useFactory: (options: WorkspaceOptions): KubeClientHolder => {
        if (options.backend !== 'kubernetes') {
          return new KubeClientHolder(null);
        }
        if (!options.kubernetes) {
          throw new Error('kubernetes client: the kubernetes configuration is missing');
        }
        return new KubeClientHolder(createKubeClient(options.kubernetes));
      },
    },
    {
      provide: WorkspaceManager,
      inject: [WORKSPACE_OPTIONS, CommandRunner, KubeClientHolder],
      useFactory: (options: WorkspaceOptions, runner: CommandRunner, kube: KubeClientHolder): WorkspaceManager => {
        switch (options.backend) {
          case 'local':
            return new LocalWorkspaceManager({ workspaceRoot: options.root }, runner);
          case 'kubernetes':
            return new KubernetesWorkspaceManager(options.kubernetes!, kube.client!);
          default: {
            const unknown: never = options.backend;
            throw new Error(`unknown workspace backend ${String(unknown)}`);
          }
        }
      },
    },
    {
      provide: WorkspaceRuntimeFactory,
      inject: [WORKSPACE_OPTIONS, CommandRunner, KubeClientHolder],
      useFactory: (options: WorkspaceOptions, runner: CommandRunner, kube: KubeClientHolder): WorkspaceRuntimeFactory =>
        options.backend === 'kubernetes'
          ? new KubernetesWorkspaceRuntimeFactory(options.kubernetes!, kube.client!, runner)
          : new LocalWorkspaceRuntimeFactory(runner),
    },
  ],
  exports: [CommandRunner, KubeClientHolder, WorkspaceManager, WorkspaceRuntimeFactory],
})
export class WorkspaceModule extends ConfigurableWorkspaceModule {}
