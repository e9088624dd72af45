import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from '@sinclair/typebox';
import { loadAppConfig } from '#app/config';
import { registerRawBodyParser, ServiceState } from '#app/http';
import { JsonLogger } from '#app/observability';
import {
  Tool,
  ToolArgs,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { AppModule, type AppModuleOptions } from '../../src/app.module.js';

const SleepersArgs = ToolArgs({
  marker: Type.String(),
  ignore_term: Type.Optional(Type.Boolean()),
});

/**
 * Starts a program tree through the session runtime (the only way tools run programs) and waits
 * for it, far past its own 1 s deadline. `ignore_term` makes every member ignore SIGTERM so only
 * the SIGKILL that follows the 2 s grace can end them.
 */
@Tool({
  name: 'fixture.sleepers',
  description: 'Reliability fixture: starts three long sleeps and waits for them.',
  inputSchema: SleepersArgs,
  // Published as `{}`: no output check.
  outputSchema: Type.Unknown(),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 1,
  maxRetries: 0,
})
class FixtureSleepersTool implements ToolHandler<typeof SleepersArgs> {
  async execute({
    args,
    workspace,
    signal,
  }: ToolContext<typeof SleepersArgs>): Promise<ToolResult> {
    const seconds = `30.${args.marker}`;
    const trap = args.ignore_term === true ? "trap '' TERM; " : '';
    // A grandchild (sh -c inside sh), a background child and a foreground child.
    const script = `${trap}sh -c 'sleep ${seconds}' & sleep ${seconds} & sleep ${seconds}; wait`;
    const run = await workspace.exec('sh', ['-c', script], { timeoutMs: 120_000, signal });
    return { output: { exit_code: run.exit_code }, exit_code: run.exit_code };
  }
}

@Module({ providers: [FixtureSleepersTool] })
class SleepersModule {}

@Module({})
class HostModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return { module: HostModule, imports: [AppModule.forRoot(options), SleepersModule] };
  }
}

/** PIDs of live (non-zombie) processes whose command line contains `marker`. */
function survivors(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) {
      continue;
    }
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (
        cmdline.includes(marker) &&
        stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
      ) {
        found.push(Number(name));
      }
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

async function waitForNoSurvivors(marker: string, budgetMs: number): Promise<number[]> {
  const deadline = Date.now() + budgetMs;
  let left = survivors(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = survivors(marker);
  }
  return left;
}

// Issue #8.5: a tool that exceeds its deadline answers 504 and leaves no process behind.
describe('tool deadline kills the whole program tree (in-process app, local runtime)', () => {
  let root: string;
  let app: NestFastifyApplication;
  let sessionId: string;
  const markers: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-timeouts-'));
    const config = loadAppConfig({
      WORKSPACE_ROOT: join(root, 'w'),
      ARTIFACT_ROOT: join(root, 'a'),
      LOG_LEVEL: 'error',
    });
    const logger = new JsonLogger('error', () => undefined);
    app = await NestFactory.create<NestFastifyApplication>(
      HostModule.forRoot({
        config,
        logger,
        serviceEnv: { PATH: process.env['PATH'], HOME: process.env['HOME'] },
      }),
      new FastifyAdapter(),
      { bodyParser: false, logger, abortOnError: false },
    );
    registerRawBodyParser(app.getHttpAdapter().getInstance());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    app.get(ServiceState).ready = true;
    const created = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { principal: { tenant_id: 't', actor_id: 'a' } },
    });
    sessionId = JSON.parse(created.body).session.id;
  });

  afterAll(async () => {
    // Never leave sleepers behind, even when an assertion failed.
    for (const marker of markers) {
      survivors(marker).forEach((pid) => process.kill(pid, 'SIGKILL'));
    }
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['members that exit on SIGTERM', false, 2000],
    ['members that ignore SIGTERM (SIGKILL after the 2 s grace)', true, 5000],
  ])(
    'should answer 504 and leave no process of the tree when %s',
    async (_label, ignoreTerm, budgetMs) => {
      const marker = String(parseInt(randomBytes(4).toString('hex'), 16));
      markers.push(marker);

      const started = Date.now();
      const pending = app.inject({
        method: 'POST',
        url: `/v1/sessions/${sessionId}/tools/fixture.sleepers/invoke`,
        payload: { args: { marker, ignore_term: ignoreTerm } },
      });
      // The tree really ran: three sleeps (plus the shells) were alive before the deadline.
      let peak = 0;
      while (Date.now() - started < 900) {
        peak = Math.max(peak, survivors(marker).length);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const response = await pending;
      const body = JSON.parse(response.body);

      expect(response.statusCode).toBe(504);
      expect(body.error).toEqual({
        code: 'timeout',
        message: 'tool timed out after 1s',
        retryable: true,
      });
      expect(body.invocation.status).toBe('failed');
      expect(peak).toBeGreaterThanOrEqual(3);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await waitForNoSurvivors(marker, budgetMs)).toEqual([]);
    },
    15_000,
  );
});
