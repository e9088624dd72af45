import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { register } from 'prom-client';
import { ArtifactsModule } from '#app/artifacts';
import { AppConfig, ConfigModule, type LimitsConfig, loadAppConfig } from '#app/config';
import type { Invocation, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { JsonLogger, LoggingModule, MetricsModule, TracingModule } from '#app/observability';
import { PolicyModule } from '#app/policy';
import { SessionService } from '#app/sessions';
import { Clock, StoresModule } from '#app/stores';
import { ToolRegistryModule } from '#app/tool-registry';
import { WorkspaceJanitor, WorkspaceManager, WorkspaceRuntimeFactory } from '#app/workspace';
import { InvocationPipeline } from '../invocation.pipeline.js';
import { InvocationsModule } from '../invocations.module.js';
import { fixtureClock } from './fixture-state.js';
import { FixtureToolsModule } from './fixture-tools.module.js';
import { StubRuntimeFactory, StubWorkspaceManager } from './pipeline-stubs.js';

// The specs import the whole harness from this file: the clock, counters and gates the fixture
// tools share, and the store that fails on demand.
export { executions, FakeClock, fixtureClock, Gate, gates } from './fixture-state.js';
export { FlakyInvocationStore } from './pipeline-stubs.js';

export interface PipelineHarness {
  pipeline: InvocationPipeline;
  sessions: SessionService;
  artifactRoot: string;
  logs: Array<Record<string, unknown>>;
  get<T>(token: abstract new (...args: never[]) => T): T;
  session(overrides?: Partial<Session>): Promise<Session>;
  invoke(
    session: Session,
    toolName: string,
    body?: unknown,
    correlationHeader?: string,
  ): Promise<Invocation>;
  /** The AppException an invoke rejects with. */
  reject(
    session: Session,
    toolName: string,
    body?: unknown,
    correlationHeader?: string,
  ): Promise<AppException>;
  audits(): Array<Record<string, unknown>>;
  /** A counter value, or a histogram's observation count when `name` ends in `_count`. */
  metric(name: string, labels: Record<string, string>): Promise<number>;
  limits(limits: Partial<LimitsConfig>): void;
  artifactDirs(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The real invocations module over memory stores, a local artifact store on a temp dir and a real
 * registry filled with the fixture tools. `env` sets limits and flags as CONFIG.md variables.
 */
export async function buildPipeline(
  env: Record<string, string> = {},
  overrides: Provider[] = [],
): Promise<PipelineHarness> {
  const root = await mkdtemp(join(tmpdir(), 'pipeline-spec-'));
  const artifactRoot = join(root, 'artifacts');
  // A fresh, unfrozen top level so a test can change the limits between invocations.
  const config = new AppConfig(
    loadAppConfig({
      WORKSPACE_ROOT: join(root, 'workspaces'),
      ARTIFACT_ROOT: artifactRoot,
      ...env,
    }),
  );
  const logs: Array<Record<string, unknown>> = [];
  const logger = new JsonLogger('debug', (line) =>
    logs.push(JSON.parse(line) as Record<string, unknown>),
  );
  register.resetMetrics();

  @Global()
  @Module({
    providers: [
      { provide: WorkspaceManager, useValue: new StubWorkspaceManager(join(root, 'workspaces')) },
      { provide: WorkspaceRuntimeFactory, useClass: StubRuntimeFactory },
      // Local backend: nothing is left behind, so the janitor never runs.
      {
        provide: WorkspaceJanitor,
        useValue: { intervalMs: null, sweepOnce: async () => undefined },
      },
    ],
    exports: [WorkspaceManager, WorkspaceRuntimeFactory, WorkspaceJanitor],
  })
  class StubWorkspaceModule {}

  let builder = Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(logger),
      MetricsModule,
      TracingModule.forRoot(config.telemetry),
      StoresModule.forRoot({
        session: config.stores.session,
        invocation: config.stores.invocation,
      }),
      ArtifactsModule.forRoot({ driver: 'local', root: artifactRoot }),
      StubWorkspaceModule,
      PolicyModule.forRoot({ engine: 'static' }),
      ToolRegistryModule,
      InvocationsModule,
      FixtureToolsModule,
    ],
  })
    .overrideProvider(Clock)
    .useValue(fixtureClock);
  for (const provider of overrides) {
    if (typeof provider === 'object' && 'provide' in provider && 'useValue' in provider) {
      builder = builder.overrideProvider(provider.provide).useValue(provider.useValue);
    }
  }
  const moduleRef = await builder.compile();
  await moduleRef.init();
  const pipeline = moduleRef.get(InvocationPipeline);
  const sessions = moduleRef.get(SessionService);

  const reject = async (
    session: Session,
    toolName: string,
    body: unknown = {},
    header?: string,
  ): Promise<AppException> => {
    try {
      await pipeline.invoke({ session, toolName, body: raw(body), correlationHeader: header });
    } catch (error) {
      if (error instanceof AppException) {
        return error;
      }
      throw error;
    }
    throw new Error(`expected ${toolName} to be refused`);
  };

  return {
    pipeline,
    sessions,
    artifactRoot,
    logs,
    get: (token) => moduleRef.get(token as never),
    session: async (overrides = {}) => {
      const created = await sessions.create({
        allowedPaths: ['.'],
        principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['developer'] },
        metadata: { api_token: 'do-not-log' },
        expiresInSeconds: 3600,
      });
      return { ...created, ...overrides };
    },
    invoke: (session, toolName, body = {}, header) =>
      pipeline.invoke({ session, toolName, body: raw(body), correlationHeader: header }),
    reject,
    audits: () => logs.filter((line) => line['msg'] === 'audit.tool_invocation'),
    metric: async (name, labels) => {
      // Histograms are read through their `_count` series.
      const family = register.getSingleMetric(name.replace(/_count$/, ''));
      const values = family ? (await family.get()).values : [];
      const match = values.find(
        (value) =>
          ((value as { metricName?: string }).metricName ?? name) === name &&
          Object.entries(labels).every(([key, expected]) => value.labels[key] === expected),
      );
      return match?.value ?? 0;
    },
    limits: (limits) => {
      (config as { limits: LimitsConfig }).limits = { ...config.limits, ...limits };
    },
    artifactDirs: async () => readdir(artifactRoot).catch(() => []),
    close: async () => {
      await moduleRef.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** What the raw body parser hands to routes. */
export function raw(body: unknown): { kind: 'bytes'; bytes: Buffer } {
  return {
    kind: 'bytes',
    bytes: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  };
}
