import type { Session } from '#app/contracts';
import type { SessionStore } from '#app/stores';
import type { WorkspaceManager } from '#app/workspace';
import type { SessionEnding } from './session-ending.js';
import type { SessionsOnThisReplica } from './sessions-on-this-replica.js';

export interface PlacedSession {
  session: Session;
  /** False when the workspace is on another replica's disk (local backend, own disks). */
  here: boolean;
}

/** Lookup with lazy expiry (API.md 8.2): a record that ended, or lost its workspace, is closed. */
export class SessionLookup {
  constructor(
    private readonly store: SessionStore,
    private readonly workspaces: WorkspaceManager,
    private readonly ending: SessionEnding,
    private readonly replica: SessionsOnThisReplica,
  ) {}

  /** The live session and where its workspace is, or `null` (also while it is being provisioned). */
  async findPlaced(id: string): Promise<PlacedSession | null> {
    return this.replica.provisioning.has(id) ? null : this.lookup(id);
  }

  /** {@link findPlaced} for an id this replica may be provisioning itself (a create's check). */
  async lookup(id: string, retried = false): Promise<PlacedSession | null> {
    const session = await this.store.get(id);
    if (!session) {
      return null;
    }
    const ended = this.ending.endReason(session);
    if (ended !== null) {
      // Not closed: activity came in since the read (idle only); the record read again decides.
      return (await this.ending.closeEnded(session, ended)) || retried
        ? null
        : this.lookup(id, true);
    }
    const placement = await this.workspaces.locate(session);
    if (placement === 'gone') {
      await this.ending.close(session);
      return null;
    }
    if (placement === 'here') {
      this.replica.servedHere.add(session.id);
    }
    return { session, here: placement === 'here' };
  }
}
