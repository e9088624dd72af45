/** What a janitor asks the session side; a store error is thrown and makes it skip that leftover. */
export interface JanitorSessions {
  find(sessionId: string): Promise<{ expires_at: string } | null>;
  /** Closes the expired session (which deletes its workspace). */
  closeExpired(sessionId: string): Promise<void>;
}

export interface JanitorLogger {
  write(level: 'info' | 'warn', message: string, fields: Record<string, unknown>): void;
}

/**
 * API.md 8.7: removes what the backend left behind for sessions that ended, expired or never
 * existed (kubernetes: session and task pods). A backend that leaves nothing behind has no
 * schedule, and then nothing runs.
 */
export abstract class WorkspaceJanitor {
  /** Pause between sweeps in milliseconds; `null` when there is nothing to sweep. */
  abstract readonly intervalMs: number | null;

  /** One pass; never throws: each failure is logged and the pass goes on. */
  abstract sweepOnce(sessions: JanitorSessions, logger: JanitorLogger): Promise<void>;
}
