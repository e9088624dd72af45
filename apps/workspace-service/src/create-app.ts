import { mkdir } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { AppConfig } from '#app/config';
import { registerRawBodyParser, RouteTable, ServiceState } from '#app/http';
import type { JsonLogger } from '#app/observability';
import { buildOpenApiDocument } from '#app/openapi';
import { OpenApiDocumentHolder } from '#app/platform';
import { AppModule, type ToolModule } from './app.module.js';

/** Transport deadlines of API.md 1.1, in milliseconds. */
export interface HttpTimeouts {
  /** Request line and headers must be complete this long after the request (or connection) starts. */
  headersMs: number;
  /** The whole request, body included, must be received this long after it starts; then 408 + close. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveMs: number;
  /** How often Node checks the two deadlines above: a deadline is enforced at most this much late. */
  checkIntervalMs: number;
}

export const CONTRACT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = Object.freeze({
  headersMs: 5_000,
  requestMs: 30_000,
  keepAliveMs: 120_000,
  // Node's default interval is 30 s, which let a 5 s header deadline stretch to ~35 s.
  checkIntervalMs: 500,
});

export interface CreateAppOptions {
  /** Test-only: shorter transport deadlines so a real-socket test need not wait 30 s. */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** Extra tool families, passed to `AppModule.forRoot` (see `AppModuleOptions.toolModules`). */
  toolModules?: readonly ToolModule[];
}

/**
 * Builds the Fastify-backed application exactly as production runs it; tests use the same function
 * so they exercise the real parser, filter and guard pipeline.
 */
// Fastify 5 validates `useSemicolonDelimiter` inside routerOptions (set at the top level it prints a
// deprecation warning on stderr, where startup failures must stand alone) but its type omits it;
// a named constant skips the excess-property check.
const ROUTER_OPTIONS = {
  maxParamLength: 4096,
  caseSensitive: true,
  ignoreTrailingSlash: false,
  ignoreDuplicateSlashes: false,
  useSemicolonDelimiter: false,
};

export async function createApp(
  config: AppConfig,
  logger: JsonLogger,
  serviceEnv: Record<string, string | undefined>,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const timeouts: HttpTimeouts = { ...CONTRACT_HTTP_TIMEOUTS, ...options.httpTimeouts };
  await mkdir(config.workspace.artifactRoot, { recursive: true, mode: 0o755 });
  if (config.workspace.backend === 'local') {
    await mkdir(config.workspace.root, { recursive: true, mode: 0o755 });
  }
  const adapter = new FastifyAdapter({
    // Fastify logs through the service's pino instance (same format, same redaction). It writes no
    // per-request lines: the audit line is the record of an invocation (API.md 11.3).
    loggerInstance: logger.pino,
    logController: new LogController({ disableRequestLogging: true }),
    // API.md 1.1. Node answers a missed header or request deadline with a bare 408 and closes the
    // connection; once a request is fully received no deadline applies (no response timeout).
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
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
    routerOptions: ROUTER_OPTIONS,
    // A path that cannot be percent-decoded never reaches routing: answer with our envelope.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      void reply
        .status(400)
        .header('content-type', 'application/json; charset=utf-8')
        .send({
          error: {
            code: 'invalid_argument',
            message: `invalid request path: ${error.message}`,
            retryable: false,
          },
        });
    },
  });
  const root = AppModule.forRoot({ config, logger, serviceEnv, toolModules: options.toolModules });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    bodyParser: false,
    logger,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Routes are registered during app.init(); the 405 table learns each one as it is added.
  const routes = app.get(RouteTable);
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url ?? route.path));
  registerRawBodyParser(fastify);
  // API.md 5.5: generated once from the controllers' metadata, served as built.
  app.get(OpenApiDocumentHolder).set(
    buildOpenApiDocument(app, {
      version: config.server.version,
      authHeaders: {
        token: config.auth.tokenHeader,
        tenant: config.auth.tenantHeader,
        actor: config.auth.actorHeader,
      },
    }),
  );
  // While draining, every response closes its connection, so the server can finish closing as soon
  // as the in-flight answers are out (API.md 1.5: `Connection: close` while shutting down).
  const state = app.get(ServiceState);
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (state.draining) {
      reply.header('connection', 'close');
    }
    done(null, payload);
  });
  return app;
}
