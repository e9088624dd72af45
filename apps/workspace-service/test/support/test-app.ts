import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { register } from 'prom-client';
import { type AppConfig, loadAppConfig } from '#app/config';
import { ServiceState } from '#app/http';
import { JsonLogger } from '#app/observability';
import { type CreateAppOptions, createApp } from '../../src/create-app.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  root: string;
  /** Log lines the service wrote (audit lines included). */
  logs: Array<Record<string, unknown>>;
  request(method: string, url: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

/** Parsed JSON bodies are read loosely in assertions; the shape is what the test asserts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = Record<string, any>;

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: JsonBody;
  text: string;
}

/**
 * Boots the real application (same factory as main) on temp roots with the given environment, and
 * talks to it through Fastify's inject.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: CreateAppOptions = {},
): Promise<TestApp> {
  const root = mkdtempSync(join(tmpdir(), 'wes-e2e-'));
  const config = loadAppConfig({
    WORKSPACE_ROOT: join(root, 'workspaces'),
    ARTIFACT_ROOT: join(root, 'artifacts'),
    // Suites using local-path git remotes under /tmp need the host; sandbox suites opt in with
    // WORKSPACE_LOCAL_SANDBOX=required. The test app is single-user, so `off` may also run under
    // trusted_headers here (production refuses that without this explicit opt-in).
    WORKSPACE_LOCAL_SANDBOX: 'off',
    WORKSPACE_ALLOW_UNSANDBOXED: 'true',
    ...env,
  });
  const logs: Array<Record<string, unknown>> = [];
  // Everything is captured unless the test sets LOG_LEVEL itself (then the service's own filter applies).
  const logLevel = env['LOG_LEVEL'] === undefined ? 'debug' : config.server.logLevel;
  const logger = new JsonLogger(logLevel, (line) =>
    logs.push(JSON.parse(line) as Record<string, unknown>),
  );
  // Metrics live in prom-client's global registry; every test app starts from zero.
  register.resetMetrics();
  const app = await createApp(
    config,
    logger,
    { PATH: process.env['PATH'], HOME: process.env['HOME'] },
    options,
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  app.get(ServiceState).ready = true;
  return {
    app,
    config,
    root,
    logs,
    async request(method, url, options = {}) {
      const payload =
        options.rawBody !== undefined
          ? options.rawBody
          : options.body === undefined
            ? undefined
            : JSON.stringify(options.body);
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(payload !== undefined && options.rawBody === undefined
            ? { 'content-type': 'application/json' }
            : {}),
          ...options.headers,
        },
        ...(payload !== undefined ? { payload } : {}),
      });
      let body: JsonBody = {};
      try {
        body = response.body === '' ? {} : (JSON.parse(response.body) as JsonBody);
      } catch {
        body = {};
      }
      return { status: response.statusCode, headers: response.headers, body, text: response.body };
    },
    async close() {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
