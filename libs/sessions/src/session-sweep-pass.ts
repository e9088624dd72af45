import type { JsonLogger, ServiceMetrics } from '#app/observability';
import type { SessionStore } from '#app/stores';
import type { WorkspaceManager } from '#app/workspace';
import type { SessionActivity } from './session-activity.js';
import type { SessionEnding } from './session-ending.js';
import type { SessionsOnThisReplica } from './sessions-on-this-replica.js';

/** One pass of the session sweeper (API.md 8.2); `SessionSweeper` schedules it. */
export class SessionSweepPass {
  constructor(
    private readonly store: SessionStore,
    private readonly workspaces: WorkspaceManager,
    private readonly metrics: ServiceMetrics,
    private readonly logger: JsonLogger,
    private readonly activity: SessionActivity,
    private readonly ending: SessionEnding,
    private readonly replica: SessionsOnThisReplica,
  ) {}

  /**
   * Sweeper pass (API.md 8.2): expired and idle sessions (every record the store enumerates, and
   * those this replica serves), orphan directories, the active gauge.
   */
  async run(): Promise<void> {
    const records = await this.store.listAll();
    const listed = new Set(records.map((session) => session.id));
    for (const id of [...this.replica.servedHere].filter((served) => !listed.has(served))) {
      const record = await this.store.get(id);
      if (record === null) {
        this.replica.servedHere.delete(id);
        this.activity.forget(id);
      } else {
        records.push(record);
      }
    }
    for (const session of records) {
      const ended = this.ending.endReason(session);
      if (ended !== null) {
        await this.ending.closeEnded(session, ended).catch((error: unknown) =>
          this.logger.write('warn', 'session sweep: close failed', {
            session_id: session.id,
            error,
          }),
        );
      }
    }
    await this.workspaces.removeOrphans(async (sessionId) => {
      if (this.replica.provisioning.has(sessionId)) {
        return true;
      }
      const record = await this.store.get(sessionId);
      if (record !== null && this.ending.endReason(record) === 'idle') {
        // Valkey keeps the record until `expires_at`: close it as idle (record, invocations,
        // workspace), which the orphan removal alone would not. Closed, or live when activity
        // came in since the read: not for the orphan removal either way.
        await this.ending.closeEnded(record, 'idle');
        return true;
      }
      return record !== null && !this.ending.isExpired(record);
    });
    this.metrics.setActiveSessions(await this.store.count());
  }
}
