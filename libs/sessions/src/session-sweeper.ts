import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '#app/config';
import { JsonLogger } from '#app/observability';
import { InvocationStore } from '#app/stores';
import { SessionService } from './session.service.js';

/**
 * API.md 8.2: sweeps at startup and every interval; a sweep never overlaps the previous one
 * (chained timeouts rather than setInterval).
 */
@Injectable()
export class SessionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly invocations: InvocationStore,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass; public so tests can drive the sweeper without waiting. */
  async sweepOnce(): Promise<void> {
    await this.sessions.sweep();
    await this.invocations.evictExpired();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.sweepOnce()
        .catch((error: unknown) => this.logger.write('warn', 'session sweep failed', { error }))
        .finally(() => this.schedule(this.config.workspace.sweepIntervalSeconds * 1000));
    }, delayMs);
    this.timer.unref();
  }
}
