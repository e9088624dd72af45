import { WorkspaceJanitor } from '../workspace-janitor.port.js';

/** Local workspaces are removed with their session: nothing is ever left to sweep. */
export class IdleWorkspaceJanitor extends WorkspaceJanitor {
  readonly intervalMs = null;

  override async sweepOnce(): Promise<void> {
    // nothing to do
  }
}
