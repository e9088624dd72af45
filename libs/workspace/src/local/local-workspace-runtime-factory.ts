import type { Session } from '#app/contracts';
import type { CommandRunner } from '../command-runner.port.js';
import { WorkspaceRuntimeFactory, type WorkspaceRuntime } from '../workspace-runtime.port.js';
import { LocalWorkspaceRuntime } from './local-workspace-runtime.js';

/** Binds a {@link LocalWorkspaceRuntime} to each local session; all share one command runner. */
export class LocalWorkspaceRuntimeFactory extends WorkspaceRuntimeFactory {
  constructor(private readonly runner: CommandRunner) {
    super();
  }

  override forSession(session: Session): WorkspaceRuntime {
    return new LocalWorkspaceRuntime(session, this.runner);
  }
}
