import { Controller, Get, Optional, Res } from '@nestjs/common';
import type { SchemaObject } from '@nestjs/swagger';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { ArtifactStore } from '#app/artifacts';
import { Public } from '#app/auth';
import { ServedWhileDraining, ServiceState } from '#app/http';
import { ServiceMetrics } from '#app/observability';
import { ApiErrorResponses, ApiJsonResponse, ApiSummary } from '#app/openapi';
import { InvocationStore, SessionStore } from '#app/stores';
import { SandboxStatus } from '#app/workspace';
import { sandboxHealth } from './sandbox-health.js';

const CHECK_BUDGET_MS = 2000;

const STATUS_OK: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
};

/** API.md 5.3: the same shape on 200 and 503, one line per check. */
const readiness = (status: 'ready' | 'not_ready'): SchemaObject => ({
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: [status] },
    checks: { type: 'object', additionalProperties: { type: 'string' } },
  },
});

type ReadinessCheck = 'session_store' | 'invocation_store' | 'artifact_store' | 'shutdown';
type StoreCheck = Exclude<ReadinessCheck, 'shutdown'>;
const STORE_CHECKS: readonly StoreCheck[] = ['session_store', 'invocation_store', 'artifact_store'];

/**
 * API.md 5.1–5.3. Liveness has no dependencies; readiness runs one terminus indicator per store, each
 * within 2 s, and renders them in the spec's `{status, checks}` shape. Never authenticated (API.md
 * 4.1) and served while draining (API.md 12.3). Each answer also sets `workspace_dependency_up`
 * (API.md 11.1), so Prometheus sees what the kubelet's probes see.
 */
@Controller()
@Public()
@ServedWhileDraining()
@ApiErrorResponses(405)
export class HealthController {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly state: ServiceState,
    private readonly sessions: SessionStore,
    private readonly invocations: InvocationStore,
    private readonly artifacts: ArtifactStore,
    private readonly metrics: ServiceMetrics,
    @Optional() private readonly sandbox?: SandboxStatus,
  ) {}

  @Get('healthz')
  @ApiSummary('Liveness (no dependencies)')
  @ApiJsonResponse(200, STATUS_OK)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('livez')
  @ApiSummary('Liveness of the event loop')
  @ApiJsonResponse(200, STATUS_OK)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiSummary('Readiness per store (API.md 5.3)')
  @ApiJsonResponse(200, readiness('ready'), 'Ready: every check is ok')
  @ApiJsonResponse(
    503,
    readiness('not_ready'),
    'Not ready: a check failed, or the service is draining',
  )
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const results = await Promise.all([
      this.probe('session_store', () => this.sessions.check()),
      this.probe('invocation_store', () => this.invocations.check()),
      this.probe('artifact_store', () => this.artifacts.check()),
      this.probe('shutdown', async () =>
        this.state.draining ? 'draining' : this.state.ready ? null : 'starting',
      ),
    ]);
    const ok = results.every(([, value]) => value === 'ok');
    // Informative, not a readiness failure: without the sandbox, command tools refuse (503) while
    // fs and artifact tools keep serving, so the replica stays in rotation (docs/SANDBOX.md).
    const checks = { ...Object.fromEntries(results), sandbox: await this.sandboxLine() };
    this.record(new Map(results), checks.sandbox);
    await reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', checks });
  }

  private record(results: ReadonlyMap<ReadinessCheck, string>, sandboxLine: string): void {
    for (const check of STORE_CHECKS) {
      this.metrics.dependencyChecked(check, results.get(check) === 'ok');
    }
    const sandbox = sandboxHealth(sandboxLine);
    if (sandbox !== null) {
      this.metrics.dependencyChecked('sandbox', sandbox.sandbox);
      this.metrics.dependencyChecked('sandbox_network', sandbox.network);
    }
  }

  private async sandboxLine(): Promise<string> {
    if (this.sandbox === undefined) {
      return 'off';
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve('unavailable: probe did not finish within 2 s'),
        CHECK_BUDGET_MS,
      );
    });
    try {
      return await Promise.race([this.sandbox.check(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async probe(
    key: ReadinessCheck,
    check: () => Promise<string | null>,
  ): Promise<[ReadinessCheck, string]> {
    const result = await this.indicators
      .check(key)
      .attempt(async () => {
        const reason = await check();
        if (reason !== null) {
          throw new Error(reason);
        }
      })
      .withTimeout(CHECK_BUDGET_MS);
    const outcome = result[key] as { status: string; message?: string };
    return [key, outcome.status === 'up' ? 'ok' : `error: ${outcome.message ?? 'failed'}`];
  }
}
