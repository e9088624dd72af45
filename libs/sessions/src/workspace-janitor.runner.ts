import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { lastActivityOf } from '#app/contracts';
import { JsonLogger } from '#app/observability';
import { SessionStore } from '#app/stores';
import { type JanitorSessions, WorkspaceJanitor } from '#app/workspace';
import { SessionService } from './session.service.js';

/**
 * Runs the backend's janitor (API.md 8.7; the pod janitor with the kubernetes backend when
 * enabled): a sweep at startup, then every interval, never overlapping, never crashing the service.
 */
@Injectable()
export class WorkspaceJanitorRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private readonly sessions: JanitorSessions;

  constructor(
    private readonly janitor: WorkspaceJanitor,
    store: SessionStore,
    sessions: SessionService,
    private readonly logger: JsonLogger,
  ) {
    this.sessions = {
      find: async (id) => {
        const record = await store.get(id);
        // An idle session (API.md 8.2) ends as an expired one does: the janitor is shown a past
        // `expires_at` (its last activity), so it closes it and deletes its pods.
        return record !== null && sessions.endReason(record) === 'idle'
          ? { ...record, expires_at: lastActivityOf(record) }
          : record;
      },
      closeExpired: async (id) => {
        const record = await store.get(id);
        if (record) {
          const reason = sessions.endReason(record);
          await (reason === null ? sessions.close(record) : sessions.closeEnded(record, reason));
        }
      },
    };
  }

  onApplicationBootstrap(): void {
    if (this.janitor.intervalMs !== null) {
      this.schedule(0, this.janitor.intervalMs);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number, intervalMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.janitor
        .sweepOnce(this.sessions, this.logger)
        .catch((error: unknown) => this.logger.write('warn', 'pod janitor sweep failed', { error }))
        .finally(() => this.schedule(intervalMs, intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
