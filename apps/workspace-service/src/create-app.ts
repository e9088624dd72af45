import { mkdir } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '#app/config';
import { registerRawBodyParser, ServiceState } from '#app/http';
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
    // On close, idle keep-alive sockets are dropped while responses still being written finish.
    forceCloseConnections: 'idle',
    // API.md 1.4: one spelling per route. Paths are matched case-sensitively, a trailing slash or a
    // doubled slash is another (unknown) path, `;` is an ordinary character; the router
    // percent-decodes the path before matching (`%2F` stays inside its segment). Security decisions
    // never look at the URL: they read the metadata of the route that matched (TrustedHeaderGuard,
    // DrainingGuard), so these choices only decide which spellings route at all.
    // Caller-chosen session ids reach 128 characters; Fastify's default of 100 would answer 414.
    routerOptions: {
      maxParamLength: 4096,
      caseSensitive: true,
      ignoreTrailingSlash: false,
      ignoreDuplicateSlashes: false,
    },
    useSemicolonDelimiter: false,
    // A path that cannot be percent-decoded never reaches routing: answer with our envelope.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      void reply
        .status(400)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ error: { code: 'invalid_argument', message: `invalid request path: ${error.message}`, retryable: false } });
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, logger, serviceEnv }), adapter, {
    bodyParser: false,
    logger,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerRawBodyParser(fastify);
  // While draining, every response closes its connection, so the server can finish closing as soon
  // as the in-flight answers are out (API.md 1.5: `Connection: close` while shutting down).
  const state = app.get(ServiceState);
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (state.draining) {
      reply.header('connection', 'close');
    }
    done(null, payload);
  });
  const server = app.getHttpServer();
  server.headersTimeout = 5_000;
  return app;
}
