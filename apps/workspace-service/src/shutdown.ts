import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ServiceState } from '#app/http';
import type { JsonLogger } from '#app/observability';
import { InFlightInvocations } from '#app/sessions';

/**
 * API.md 12.3: on SIGTERM/SIGINT stop being ready, let in-flight invocations finish for the grace
 * period, cancel the rest (recorded as `timeout`), then close. A second signal exits 1 at once.
 */
export function installShutdown(
  app: NestFastifyApplication,
  graceSeconds: number,
  logger: JsonLogger,
): void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      process.exit(1);
    }
    shuttingDown = true;
    logger.write('info', 'shutdown requested', { signal, grace_seconds: graceSeconds });
    void drain(app, graceSeconds).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.write('error', 'shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function drain(app: NestFastifyApplication, graceSeconds: number): Promise<void> {
  const state = app.get(ServiceState);
  const inFlight = app.get(InFlightInvocations);
  state.draining = true;
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceSeconds * 1000);
  });
  await Promise.race([inFlight.settled(), grace]);
  clearTimeout(timer);
  inFlight.cancelAll();
  await inFlight.settled();
  await app.close();
}
