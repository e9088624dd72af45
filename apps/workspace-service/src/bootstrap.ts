import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigValidationError, loadAppConfig, snapshotProcessEnvironment } from '#app/config';
import { ServiceState } from '#app/http';
import { JsonLogger, TelemetrySdk } from '#app/observability';
import type { ToolModule } from './app.module.js';
import { createApp } from './create-app.js';
import { installShutdown } from './shutdown.js';

export interface BootstrapOptions {
  /** Extra tool families served beside the built-in ones (`AppModuleOptions.toolModules`). */
  toolModules?: readonly ToolModule[];
}

/**
 * Runs the service the way `main.ts` does (API.md 12.1): reads and validates the environment,
 * builds the app, installs the shutdown handlers and listens on `PORT`. A platform team's own
 * entry point is this one call with its tool modules.
 *
 * Never rejects: a configuration problem prints every failing variable on stderr, any other
 * startup failure prints `startup failed: <reason>`, and both exit the process with code 1.
 *
 * @example
 * await bootstrap({ toolModules: [TextToolsModule] });
 */
export async function bootstrap(options: BootstrapOptions = {}): Promise<void> {
  try {
    await start(options);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.format()}\n`);
    } else {
      const reason = error instanceof Error ? error.message : String(error);
      process.stderr.write(`startup failed: ${reason}\n`);
    }
    process.exit(1);
  }
}

async function start({ toolModules }: BootstrapOptions): Promise<NestFastifyApplication> {
  // The environment is read once: configuration, and the snapshot child processes inherit.
  const serviceEnv = snapshotProcessEnvironment();
  const config = loadAppConfig(serviceEnv);
  const logger = new JsonLogger(config.server.logLevel);
  if (config.telemetry.enabled) {
    // Before the application exists, so the OTel globals are in place for everything it loads.
    TelemetrySdk.start(config.telemetry);
  }
  const app = await createApp(config, logger, serviceEnv, { toolModules });
  await app.init();
  installShutdown(app, config.server.shutdownGraceSeconds, logger);
  await app.listen({ port: config.server.port, host: '0.0.0.0' });
  app.get(ServiceState).ready = true;
  logger.write('info', 'workspace service listening', {
    port: config.server.port,
    backend: config.workspace.backend,
  });
  return app;
}
