import { mkdir } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '#app/config';
import { registerRawBodyParser } from '#app/http';
import type { JsonLogger } from '#app/observability';
import { AppModule } from './app.module.js';

/**
 * Builds the Fastify-backed application exactly as production runs it; tests use the same function
 * so they exercise the real parser, filter and guard pipeline.
 */
export async function createApp(
  config: AppConfig,
  logger: JsonLogger,
  serviceEnv: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  await mkdir(config.workspace.artifactRoot, { recursive: true, mode: 0o755 });
  if (config.workspace.backend === 'local') {
    await mkdir(config.workspace.root, { recursive: true, mode: 0o755 });
  }
  const adapter = new FastifyAdapter({
    keepAliveTimeout: 120_000,
    requestTimeout: 30_000,
    // Limits are enforced by our own parser so 404/403 can win over 413 (API.md 4.3).
    bodyLimit: Number.MAX_SAFE_INTEGER,
    return503OnClosing: true,
    // After the drain nothing is in flight; idle keep-alive sockets must not hold the exit.
    forceCloseConnections: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, logger, serviceEnv }), adapter, {
    bodyParser: false,
    logger,
    abortOnError: false,
  });
  registerRawBodyParser(app.getHttpAdapter().getInstance());
  const server = app.getHttpServer();
  server.headersTimeout = 5_000;
  return app;
}
