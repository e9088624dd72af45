import type { Session } from '#app/contracts';
import type { CommandRunner } from '../command-runner.port.js';
import { WorkspaceRuntimeFactory, type WorkspaceRuntime } from '../workspace-runtime.port.js';
import { LocalWorkspaceRuntime } from './local-workspace-runtime.js';
import { RealRootCache } from './real-root-cache.js';

/**
 * Binds a {@link LocalWorkspaceRuntime} to each local session; all share one command runner, the
 * default ripgrep (`undefined`) and one cache of session roots' real paths (one `lstat` per
 * invocation instead of a `realpath` of every ancestor).
 */
export class LocalWorkspaceRuntimeFactory extends WorkspaceRuntimeFactory {
  constructor(
    private readonly runner: CommandRunner,
    private readonly roots = new RealRootCache(),
  ) {
    super();
  }

  override forSession(session: Session): WorkspaceRuntime {
    return new LocalWorkspaceRuntime(session, this.runner, undefined, this.roots);
  }
}
