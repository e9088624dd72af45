import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { type TProperties, Type } from '@sinclair/typebox';
import { register } from 'prom-client';
import { ArtifactStore, ArtifactsModule } from '#app/artifacts';
import { AppConfig, ConfigModule, type LimitsConfig, loadAppConfig } from '#app/config';
import type { Invocation, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { JsonLogger, LoggingModule, MetricsModule, TracingModule } from '#app/observability';
import { PolicyModule } from '#app/policy';
import { SessionService } from '#app/sessions';
import { Clock, type CorrelationKey, MemoryInvocationStore, StoresModule } from '#app/stores';
import {
  Tool,
  ToolArgs,
  ToolRegistryModule,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import {
  WorkspaceJanitor,
  type WorkspaceRuntime,
  WorkspaceManager,
  WorkspaceRuntimeFactory,
} from '#app/workspace';
import { InvocationPipeline } from '../invocation.pipeline.js';
import { InvocationsModule } from '../invocations.module.js';

/** A clock the tests move by hand; starts 15 s into a UTC minute so Retry-After is predictable. */
export class FakeClock extends Clock {
  time = Date.parse('2030-01-01T00:00:15.000Z');

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/** Shared by the fixture tools and the tests of one file (each spec file has its own module graph). */
export const fixtureClock = new FakeClock();

/** How many times each fixture handler started. */
export const executions = new Map<string, number>();

function started(name: string): void {
  executions.set(name, (executions.get(name) ?? 0) + 1);
}

/** Lets a test hold `fixture.block` inside its handler until it decides. */
export class Gate {
  private opened!: () => void;
  readonly entered: Promise<void>;
  private enter!: () => void;
  readonly open: Promise<void>;

  constructor() {
    this.open = new Promise((resolve) => (this.opened = resolve));
    this.entered = new Promise((resolve) => (this.enter = resolve));
  }

  arrive(): void {
    this.enter();
  }

  release(): void {
    this.opened();
  }
}

export const gates: { current: Gate } = { current: new Gate() };

const base = {
  description: 'Fixture tool for the invoke pipeline specs.',
  scope: 'workspace' as const,
  sideEffects: 'none' as const,
  riskLevel: 'low' as const,
  requiresApproval: false,
  idempotency: 'guaranteed' as const,
  timeoutSeconds: 30,
  maxRetries: 0,
};

/** Args of the tools that take none. */
const NoArgs = ToolArgs({});

/** Published as `{}`: the pipeline skips the output check. */
const AnyOutput = Type.Unknown();

/** An output object refusing unknown members, every member optional. */
const closedOutput = <P extends TProperties>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });

const EchoArgs = ToolArgs({
  value: Type.Optional(Type.String()),
  advance_ms: Type.Optional(Type.Number()),
});

@Tool({
  ...base,
  name: 'fixture.echo',
  inputSchema: EchoArgs,
  outputSchema: closedOutput({ value: Type.Optional(Type.String()) }),
})
export class FixtureEchoTool implements ToolHandler<typeof EchoArgs> {
  async execute({ args }: ToolContext<typeof EchoArgs>): Promise<ToolResult> {
    started('fixture.echo');
    if (args.advance_ms !== undefined) {
      fixtureClock.advance(args.advance_ms);
    }
    return { output: { value: args.value ?? 'echo' } };
  }
}

@Tool({
  ...base,
  name: 'fixture.other',
  inputSchema: NoArgs,
  outputSchema: closedOutput({}),
})
export class FixtureOtherTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.other');
    return { output: {} };
  }
}

/** Sleeps past its 1 s deadline and never looks at its signal. */
@Tool({
  ...base,
  name: 'fixture.sleepy',
  timeoutSeconds: 1,
  inputSchema: NoArgs,
  outputSchema: AnyOutput,
})
export class FixtureSleepyTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.sleepy');
    await new Promise<void>((resolve) => setTimeout(resolve, 2500).unref());
    return { output: { late: true } };
  }
}

/** Waits for the test's gate, ignoring its signal. */
@Tool({ ...base, name: 'fixture.block', inputSchema: NoArgs, outputSchema: AnyOutput })
export class FixtureBlockTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.block');
    const gate = gates.current;
    gate.arrive();
    await gate.open;
    return { output: { unblocked: true } };
  }
}

/** Fails, but with a partial result: output, logs, an artifact and an exit code. */
@Tool({
  ...base,
  name: 'fixture.partial',
  inputSchema: NoArgs,
  outputSchema: closedOutput({ done: Type.Optional(Type.Integer()) }),
})
export class FixturePartialTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.partial');
    return {
      output: { done: 1 },
      logs: [{ at: '2030-01-01T00:00:00.000Z', channel: 'stderr', message: 'half way' }],
      artifacts: [{ name: 'partial.txt', content_type: 'text/plain', data: Buffer.from('part') }],
      exit_code: 3,
      error: { code: 'execution_failed', message: 'stopped half way' },
    };
  }
}

const BadOutputArgs = ToolArgs({ variant: Type.String() });

/** Output that violates its own schema, chosen by `variant`. */
@Tool({
  ...base,
  name: 'fixture.bad_output',
  inputSchema: BadOutputArgs,
  outputSchema: Type.Object({ count: Type.Integer(), name: Type.Optional(Type.String()) }),
})
export class FixtureBadOutputTool implements ToolHandler<typeof BadOutputArgs> {
  async execute({ args }: ToolContext<typeof BadOutputArgs>): Promise<ToolResult> {
    started('fixture.bad_output');
    switch (args.variant) {
      case 'array':
        return { output: [1, 2] };
      case 'missing':
        return { output: { name: 'x' } };
      case 'prototype':
        // `toString` exists on every object's prototype; it must not count as a present member.
        return { output: { count: 1 } };
      case 'fraction':
        return { output: { count: 1.5 } };
      case 'null':
        return { output: { count: 1, name: null } };
      default:
        return { output: { count: 2, name: 'ok', extra: [1] } };
    }
  }
}

@Tool({
  ...base,
  name: 'fixture.proto_required',
  inputSchema: NoArgs,
  // Requires a member it does not declare, which only a hand-written schema can say.
  outputSchema: Type.Unsafe({
    type: 'object',
    properties: { toString: Type.String() },
    required: ['constructor'],
  }),
})
export class FixtureProtoRequiredTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.proto_required');
    return { output: { other: 1 } };
  }
}

/** Throws something that is not an AppException. */
@Tool({ ...base, name: 'fixture.crash', inputSchema: NoArgs, outputSchema: AnyOutput })
export class FixtureCrashTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.crash');
    throw new TypeError('boom at /srv/secret/path');
  }
}

/** Throws an AppException with a tool-side code. */
@Tool({ ...base, name: 'fixture.missing', inputSchema: NoArgs, outputSchema: AnyOutput })
export class FixtureMissingTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.missing');
    throw new AppException('not_found', 'path not found: x');
  }
}

const PadArgs = ToolArgs({ pad: Type.Optional(Type.String()) });

/** Three 4-byte artifacts, an output padded by `pad`, and two log lines. */
@Tool({
  ...base,
  name: 'fixture.three',
  inputSchema: PadArgs,
  outputSchema: closedOutput({ pad: Type.Optional(Type.String()) }),
})
export class FixtureThreeTool implements ToolHandler<typeof PadArgs> {
  async execute({ args }: ToolContext<typeof PadArgs>): Promise<ToolResult> {
    started('fixture.three');
    return {
      output: { pad: args.pad ?? '' },
      logs: [
        { at: '2030-01-01T00:00:00.000Z', channel: 'stdout', message: 'first "line"' },
        { at: '2030-01-01T00:00:01.000Z', channel: 'stderr', message: 'second\nline' },
      ],
      artifacts: [
        { name: 'one.txt', content_type: 'text/plain', data: Buffer.from('1111') },
        {
          name: 'dir/two.bin',
          content_type: 'application/octet-stream',
          data: Buffer.from('2222'),
        },
        { name: 'three.json', content_type: 'application/json', data: Buffer.from('[33]') },
      ],
      exit_code: 0,
    };
  }
}

const NoisyArgs = ToolArgs({
  lines: Type.Optional(Type.Integer()),
  line: Type.Optional(Type.String()),
  artifacts: Type.Optional(Type.Integer()),
  artifact_bytes: Type.Optional(Type.Integer()),
  pad: Type.Optional(Type.String()),
  fail: Type.Optional(Type.Boolean()),
  message: Type.Optional(Type.String()),
});

/**
 * A result sized by its args: `lines` log lines of `line` (default 'x'), `artifacts` artifacts of
 * `artifact_bytes` bytes, an output padded by `pad`, and a tool error when `fail` is set.
 */
@Tool({
  ...base,
  name: 'fixture.noisy',
  inputSchema: NoisyArgs,
  outputSchema: closedOutput({ pad: Type.Optional(Type.String()) }),
})
export class FixtureNoisyTool implements ToolHandler<typeof NoisyArgs> {
  async execute({ args }: ToolContext<typeof NoisyArgs>): Promise<ToolResult> {
    started('fixture.noisy');
    const line = args.line ?? 'x';
    const lines = Array.from({ length: args.lines ?? 0 }, (_, index) => ({
      at: '2030-01-01T00:00:00.000Z',
      channel: 'stdout',
      message: `${index}:${line}`,
    }));
    const artifacts = Array.from({ length: args.artifacts ?? 0 }, (_, index) => ({
      name: `part-${index}.txt`,
      content_type: 'text/plain',
      data: Buffer.alloc(args.artifact_bytes ?? 1, 'a'),
    }));
    return {
      output: { pad: args.pad ?? '' },
      logs: lines,
      artifacts,
      exit_code: args.fail === true ? 1 : 0,
      ...(args.fail === true
        ? {
            error: {
              code: 'execution_failed' as const,
              message: args.message ?? 'tests failed',
            },
          }
        : {}),
    };
  }
}

const DirectWriteArgs = ToolArgs({
  bytes: Type.Optional(Type.Integer()),
  fail: Type.Optional(Type.Boolean()),
  block: Type.Optional(Type.Boolean()),
  late: Type.Optional(Type.Boolean()),
});

/**
 * Writes `bytes` bytes straight into the artifact store, bypassing the pipeline, then returns
 * nothing, fails (`fail`) or waits for the test's gate (`block`); `late` writes again once the
 * gate opens (after a cancellation has already decided the outcome).
 */
@Tool({
  ...base,
  name: 'fixture.direct_write',
  inputSchema: DirectWriteArgs,
  outputSchema: AnyOutput,
})
export class FixtureDirectWriteTool implements ToolHandler<typeof DirectWriteArgs> {
  constructor(private readonly artifacts: ArtifactStore) {}

  async execute({ args, invocationId }: ToolContext<typeof DirectWriteArgs>): Promise<ToolResult> {
    started('fixture.direct_write');
    const data = Buffer.alloc(args.bytes ?? 1, 'd');
    await this.artifacts.put(invocationId, {
      name: 'sneaky.bin',
      content_type: 'application/octet-stream',
      data,
    });
    if (args.block === true) {
      gates.current.arrive();
      await gates.current.open;
    }
    if (args.late === true) {
      await this.artifacts.put(invocationId, {
        name: 'late.bin',
        content_type: 'application/octet-stream',
        data,
      });
    }
    if (args.fail === true) {
      return { error: { code: 'execution_failed', message: 'failed after writing' } };
    }
    return { output: { written: data.length } };
  }
}

@Tool({
  ...base,
  name: 'fixture.approval',
  requiresApproval: true,
  inputSchema: NoArgs,
  outputSchema: AnyOutput,
})
export class FixtureApprovalTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.approval');
    return { output: { approved: true } };
  }
}

@Tool({
  ...base,
  name: 'fixture.cluster',
  scope: 'cluster',
  inputSchema: NoArgs,
  outputSchema: AnyOutput,
})
export class FixtureClusterTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.cluster');
    return { output: {} };
  }
}

/** A stand-in under a real delivery tool's name (not the k8s family's class). */
@Tool({
  ...base,
  name: 'k8s.apply_manifest',
  scope: 'cluster',
  inputSchema: NoArgs,
  outputSchema: AnyOutput,
})
export class K8sApplyManifestTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('k8s.apply_manifest');
    return { output: {} };
  }
}

@Module({
  providers: [
    FixtureEchoTool,
    FixtureOtherTool,
    FixtureSleepyTool,
    FixtureBlockTool,
    FixturePartialTool,
    FixtureBadOutputTool,
    FixtureProtoRequiredTool,
    FixtureCrashTool,
    FixtureMissingTool,
    FixtureThreeTool,
    FixtureNoisyTool,
    FixtureDirectWriteTool,
    FixtureApprovalTool,
    FixtureClusterTool,
    K8sApplyManifestTool,
  ],
})
class FixtureToolsModule {}

/** Sessions live in a temp dir; the runtime is a stub (fixture tools never touch files). */
class StubWorkspaceManager extends WorkspaceManager {
  readonly backend = 'local' as const;
  constructor(private readonly root: string) {
    super();
  }
  async create({ sessionId }: { sessionId: string }) {
    const workspacePath = join(this.root, sessionId);
    return { workspacePath, runtime: { kind: 'local' as const, workdir: workspacePath } };
  }
  async destroy(): Promise<void> {}
  async exists(): Promise<boolean> {
    return true;
  }
  async removeOrphans(): Promise<number> {
    return 0;
  }
}

class StubRuntimeFactory extends WorkspaceRuntimeFactory {
  forSession(session: Session): WorkspaceRuntime {
    return { session, resolve: async (path: string) => path } as unknown as WorkspaceRuntime;
  }
}

/**
 * A memory store whose next running or terminal save, or next correlation claim, fails with a plain
 * error (a Valkey connection reset looks like this to the pipeline).
 */
export class FlakyInvocationStore extends MemoryInvocationStore {
  failNext: 'none' | 'running' | 'terminal' | 'claim' = 'none';

  constructor() {
    super(fixtureClock, 0);
  }

  override async save(invocation: Invocation): Promise<void> {
    const phase = invocation.status === 'running' ? 'running' : 'terminal';
    if (this.failNext === phase) {
      this.failNext = 'none';
      throw new Error('disk full');
    }
    await super.save(invocation);
  }

  override async claimCorrelation(
    key: CorrelationKey,
    invocationId: string,
  ): Promise<string | null> {
    if (this.failNext === 'claim') {
      this.failNext = 'none';
      throw new Error('connection reset by peer');
    }
    return super.claimCorrelation(key, invocationId);
  }
}

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
