import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { JsonLogger } from '#app/observability';
import { SessionStore } from '#app/stores';
import { KubeClientHolder, PodJanitor } from '#app/workspace';
import { SessionService } from './session.service.js';

/**
 * Starts the pod janitor (API.md 8.7) with the kubernetes backend when enabled: a sweep at startup,
 * then every interval, never overlapping, never crashing the service.
 */
@Injectable()
export class PodJanitorRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  readonly janitor: PodJanitor | null;

  constructor(
    private readonly config: AppConfig,
    kube: KubeClientHolder,
    store: SessionStore,
    sessions: SessionService,
    private readonly logger: JsonLogger,
  ) {
    const kubernetes = config.kubernetes;
    this.janitor =
      kube.client && kubernetes?.janitor.enabled
        ? new PodJanitor(
            kube.client.core,
            kubernetes.namespace,
            kubernetes.janitor,
            {
              find: (id) => store.get(id),
              closeExpired: async (id) => {
                const record = await store.get(id);
                if (record) {
                  await sessions.close(record);
                }
              },
            },
            logger,
          )
        : null;
  }

  onApplicationBootstrap(): void {
    if (this.janitor) {
      this.schedule(0);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || !this.janitor) {
      return;
    }
    const janitor = this.janitor;
    this.timer = setTimeout(() => {
      this.running = janitor
        .sweepOnce()
        .catch((error: unknown) => this.logger.write('warn', 'pod janitor sweep failed', { error }))
        .finally(() => this.schedule((this.config.kubernetes?.janitor.intervalSeconds ?? 60) * 1000));
    }, delayMs);
    this.timer.unref();
  }
}
