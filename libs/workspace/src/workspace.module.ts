import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger, Module } from '@nestjs/common';
import { createKubeClient, KubernetesClient } from '#app/kubernetes';
import { CommandRunner } from './command-runner.port.js';
import { KubernetesWorkspaceManager } from './kubernetes/kubernetes-workspace-manager.js';
import { KubernetesWorkspaceRuntimeFactory } from './kubernetes/kubernetes-workspace-runtime-factory.js';
import { PodWorkspaceJanitor } from './kubernetes/pod-workspace-janitor.js';
import { BubblewrapCommandRunner, SANDBOX_HINT } from './local/bubblewrap-command-runner.js';
import { IdleWorkspaceJanitor } from './local/idle-workspace-janitor.js';
import { LocalCommandRunner } from './local/local-command-runner.js';
import { SandboxLayout } from './local/sandbox-layout.js';
import { SandboxNetwork } from './local/sandbox-network.js';
import { SandboxStatus } from './local/sandbox-status.js';
import { LocalWorkspaceManager } from './local/local-workspace-manager.js';
import { LocalWorkspaceRuntimeFactory } from './local/local-workspace-runtime-factory.js';
import { WorkspaceJanitor } from './workspace-janitor.port.js';
import { WorkspaceManager } from './workspace-manager.port.js';
import { WorkspaceRuntimeFactory } from './workspace-runtime.port.js';
import { ConfigurableWorkspaceModule, WORKSPACE_OPTIONS, type WorkspaceOptions } from './workspace.module-definition.js';

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
      useFactory: async (options: WorkspaceOptions): Promise<SandboxStatus> => {
        // Only local sessions run programs on this host; kubernetes sessions run them in their pod.
        if (options.backend !== 'local') {
          return new SandboxStatus(null);
        }
        if ((options.localSandbox ?? 'required') === 'off') {
          new Logger('WorkspaceModule').warn(
            'local command sandbox off (WORKSPACE_LOCAL_SANDBOX=off): programs run on this host with the service\'s rights; single-user machines only',
          );
          return new SandboxStatus(null);
        }
        const plain = new LocalCommandRunner({ serviceEnv: options.serviceEnv });
        const layout = new SandboxLayout({
          // Wherever these are configured, a sandboxed program sees none of them (its own
          // workspace is bound back on its own).
          hiddenPaths: [options.root, options.artifactRoot, process.cwd(), options.serviceEnv['HOME'], serviceRoot()].filter(
            (path): path is string => path !== undefined && path !== '',
          ),
          searchPath: (options.serviceEnv['PATH'] ?? '').split(':'),
        });
        // The helpers are looked up once, on the service's PATH (never on the sandbox's).
        const find = (name: string): string => findProgram(name, options.serviceEnv['PATH'] ?? '');
        const network = new SandboxNetwork({
          slirp4netns: find('slirp4netns'),
          nsenter: find('nsenter'),
          ip: find('ip'),
          unshare: find('unshare'),
        });
        const runner = new BubblewrapCommandRunner(plain, { layout, network, bwrap: find('bwrap') });
        await runner.probe();
        const status = runner.describe();
        if (status !== 'ok') {
          // Fail closed: command tools answer 503 until a probe succeeds; nothing runs unsandboxed.
          new Logger('WorkspaceModule').error(`local command sandbox ${status}; command tools answer 503 until it works (${SANDBOX_HINT})`);
        }
        return new SandboxStatus(runner);
      },
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
        options.backend === 'kubernetes' ? new KubernetesClient(createKubeClient(options.kubernetes)) : KubernetesClient.NONE,
    },
    {
      provide: WorkspaceManager,
      inject: [WORKSPACE_OPTIONS, CommandRunner, KubernetesClient],
      useFactory: (options: WorkspaceOptions, runner: CommandRunner, kube: KubernetesClient): WorkspaceManager =>
        options.backend === 'kubernetes'
          ? new KubernetesWorkspaceManager(options.kubernetes, kube.require())
          : new LocalWorkspaceManager({ workspaceRoot: options.root }, runner),
    },
    {
      provide: WorkspaceRuntimeFactory,
      inject: [WORKSPACE_OPTIONS, CommandRunner, KubernetesClient],
      useFactory: (options: WorkspaceOptions, runner: CommandRunner, kube: KubernetesClient): WorkspaceRuntimeFactory =>
        options.backend === 'kubernetes'
          ? new KubernetesWorkspaceRuntimeFactory(options.kubernetes, kube.require(), runner)
          : new LocalWorkspaceRuntimeFactory(runner),
    },
    {
      provide: WorkspaceJanitor,
      inject: [WORKSPACE_OPTIONS, KubernetesClient],
      useFactory: (options: WorkspaceOptions, kube: KubernetesClient): WorkspaceJanitor =>
        options.backend === 'kubernetes'
          ? new PodWorkspaceJanitor(kube.require(), options.kubernetes.namespace, options.kubernetes.janitor)
          : new IdleWorkspaceJanitor(),
    },
  ],
  exports: [CommandRunner, KubernetesClient, SandboxStatus, WorkspaceJanitor, WorkspaceManager, WorkspaceRuntimeFactory],
})
export class WorkspaceModule extends ConfigurableWorkspaceModule {}

/** The first executable `name` on `searchPath`, or the bare name (which then fails as not found). */
function findProgram(name: string, searchPath: string): string {
  for (const dir of searchPath.split(':')) {
    if (dir.startsWith('/')) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return name;
}

/**
 * The service's own installation (the nearest directory above this module holding a package.json):
 * hidden like its working directory, in case it was started from elsewhere (`node /opt/wes/dist/…`).
 */
function serviceRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      return dir;
    }
    dir = dirname(dir);
  }
  return undefined;
}
