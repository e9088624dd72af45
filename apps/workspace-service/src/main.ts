import 'reflect-metadata';
import { ConfigValidationError, loadAppConfig, snapshotProcessEnvironment } from '#app/config';
import { ServiceState } from '#app/http';
import { JsonLogger, TelemetrySdk } from '#app/observability';
import { createApp } from './create-app.js';
import { installShutdown } from './shutdown.js';

async function main(): Promise<void> {
  // The environment is read once: configuration, and the snapshot child processes inherit.
  const serviceEnv = snapshotProcessEnvironment();
  let config;
  try {
    config = loadAppConfig(serviceEnv);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.format()}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = new JsonLogger(config.server.logLevel);
  if (config.telemetry.enabled) {
    // Before the application exists, so the OTel globals are in place for everything it loads.
    TelemetrySdk.start(config.telemetry);
  }
  const app = await createApp(config, logger, serviceEnv);
  await app.init();
  installShutdown(app, config.server.shutdownGraceSeconds, logger);
  await app.listen({ port: config.server.port, host: '0.0.0.0' });
  app.get(ServiceState).ready = true;
  logger.write('info', 'workspace service listening', { port: config.server.port, backend: config.workspace.backend });
}

main().catch((error: unknown) => {
  process.stderr.write(`startup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
