import { Module } from '@nestjs/common';
import { CommandRunner } from './command-runner.port.js';
import { LocalCommandRunner } from './local/local-command-runner.js';
import { LocalWorkspaceManager } from './local/local-workspace-manager.js';
import { LocalWorkspaceRuntimeFactory } from './local/local-workspace-runtime-factory.js';
import { WorkspaceManager } from './workspace-manager.port.js';
import { WorkspaceRuntimeFactory } from './workspace-runtime.port.js';
import { ConfigurableWorkspaceModule, WORKSPACE_OPTIONS, type WorkspaceOptions } from './workspace.module-definition.js';

/**
 * The workspace backend behind its ports, chosen by `WORKSPACE_BACKEND`:
 * `WorkspaceModule.forRoot({ backend, root, serviceEnv })`.
 */
@Module({
  providers: [
    {
      provide: CommandRunner,
      inject: [WORKSPACE_OPTIONS],
      useFactory: (options: WorkspaceOptions): CommandRunner => new LocalCommandRunner({ serviceEnv: options.serviceEnv }),
    },
    {
      provide: WorkspaceManager,
      inject: [WORKSPACE_OPTIONS, CommandRunner],
      useFactory: (options: WorkspaceOptions, runner: CommandRunner): WorkspaceManager => {
        switch (options.backend) {
          case 'local':
            return new LocalWorkspaceManager({ workspaceRoot: options.root }, runner);
          case 'kubernetes':
            // Issue #7 brings the pod-per-session backend.
            throw new Error('the kubernetes workspace backend is not available in this build yet');
          default: {
            const unknown: never = options.backend;
            throw new Error(`unknown workspace backend ${String(unknown)}`);
          }
        }
      },
    },
    {
      provide: WorkspaceRuntimeFactory,
      inject: [CommandRunner],
      useFactory: (runner: CommandRunner): WorkspaceRuntimeFactory => new LocalWorkspaceRuntimeFactory(runner),
    },
  ],
  exports: [CommandRunner, WorkspaceManager, WorkspaceRuntimeFactory],
})
export class WorkspaceModule extends ConfigurableWorkspaceModule {}
