import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import type { LocalWorkspaceOptions } from '../workspace.module-definition.js';
import { BubblewrapCommandRunner, SANDBOX_HINT } from './bubblewrap-command-runner.js';
import { LocalCommandRunner } from './local-command-runner.js';
import { SandboxLayout } from './sandbox-layout.js';
import { SandboxNetwork } from './sandbox-network.js';
import { SandboxStatus } from './sandbox-status.js';

/**
 * Builds and probes the bubblewrap sandbox of the local backend (docs/SANDBOX.md), or reports it
 * `off` when `WORKSPACE_LOCAL_SANDBOX=off`. A failed probe is logged, never thrown: command tools
 * then answer 503 until a later probe succeeds.
 */
export async function startLocalSandbox(options: LocalWorkspaceOptions): Promise<SandboxStatus> {
  if ((options.localSandbox ?? 'required') === 'off') {
    new Logger('WorkspaceModule').warn(
      "local command sandbox off (WORKSPACE_LOCAL_SANDBOX=off): programs run on this host with the service's rights; single-user machines only",
    );
    return new SandboxStatus(null);
  }
  const plain = new LocalCommandRunner({ serviceEnv: options.serviceEnv });
  const layout = new SandboxLayout({
    // Wherever these are configured, a sandboxed program sees none of them (its own
    // workspace is bound back on its own).
    hiddenPaths: [
      options.root,
      options.artifactRoot,
      process.cwd(),
      options.serviceEnv['HOME'],
      serviceRoot(),
    ].filter((path): path is string => path !== undefined && path !== ''),
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
    new Logger('WorkspaceModule').error(
      `local command sandbox ${status}; command tools answer 503 until it works (${SANDBOX_HINT})`,
    );
  }
  return new SandboxStatus(runner);
}

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
