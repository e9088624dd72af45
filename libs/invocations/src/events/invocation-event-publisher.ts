import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import type { Invocation } from '#app/contracts';
import { JsonLogger } from '#app/observability';
import { Clock, InvocationEvents } from '#app/stores';
import { InvocationEventWriter } from './invocation-event-writer.js';

/** `log` event bytes kept per invocation when `WORKSPACE_MAX_OUTPUT_BYTES_PER_INVOCATION` is 0. */
export const DEFAULT_EVENT_LOG_BYTES = 8 * 1024 * 1024;

/** Hands out the event writer of each invocation this replica runs or finishes (API.md 6). */
@Injectable()
export class InvocationEventPublisher {
  constructor(
    private readonly events: InvocationEvents,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly config: AppConfig,
  ) {}

  open(invocationId: string): InvocationEventWriter {
    // Live lines are bounded like the stored logs, by the invocation's output quota; without one
    // (`0`) by a fixed cap, so a ten-minute run cannot grow its stream without end.
    const quota = this.config.limits.maxOutputBytes;
    return new InvocationEventWriter(invocationId, this.events, this.clock, this.logger, {
      maxLogBytes: quota > 0 ? quota : DEFAULT_EVENT_LOG_BYTES,
    });
  }

  /** `done` of a record another path finished (a lost invocation): its logs, then `done`. */
  async finished(record: Invocation): Promise<void> {
    await this.open(record.id).done(record);
  }
}
