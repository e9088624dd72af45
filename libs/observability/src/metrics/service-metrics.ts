import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import {
  DEPENDENCY_UP,
  INVOCATION_DURATION_SECONDS,
  INVOCATIONS_DENIED_TOTAL,
  INVOCATIONS_LOST_TOTAL,
  INVOCATIONS_TOTAL,
  POLICY_EXPLAIN_TOTAL,
  SESSION_CREATE_DURATION_SECONDS,
  SESSIONS_ACTIVE,
} from './metric-names.js';

export type TerminalStatus = 'succeeded' | 'failed' | 'denied' | 'cancelled';

/**
 * What `workspace_dependency_up` reports (API.md 11.1): the store checks of `/readyz`, and the local
 * command sandbox split in two because its network can fail while offline commands still run.
 */
export type Dependency =
  'session_store' | 'invocation_store' | 'artifact_store' | 'sandbox' | 'sandbox_network';

/** The service's own metrics behind a small typed API, so callers cannot get labels wrong. */
@Injectable()
export class ServiceMetrics {
  constructor(
    @InjectMetric(INVOCATIONS_TOTAL) private readonly invocations: Counter<'tool' | 'status'>,
    @InjectMetric(INVOCATIONS_DENIED_TOTAL) private readonly denials: Counter<'tool' | 'reason'>,
    @InjectMetric(INVOCATION_DURATION_SECONDS)
    private readonly invocationDuration: Histogram<'tool' | 'status'>,
    @InjectMetric(SESSIONS_ACTIVE) private readonly sessionsActive: Gauge,
    @InjectMetric(SESSION_CREATE_DURATION_SECONDS)
    private readonly sessionCreateDuration: Histogram<'backend'>,
    @InjectMetric(INVOCATIONS_LOST_TOTAL) private readonly lost: Counter<'tool'>,
    @InjectMetric(POLICY_EXPLAIN_TOTAL) private readonly explains: Counter<'tool' | 'allowed'>,
    @InjectMetric(DEPENDENCY_UP) private readonly dependencies: Gauge<'dependency'>,
  ) {}

  invocationFinished(
    tool: string,
    status: TerminalStatus,
    durationMs: number,
    errorCode?: string,
  ): void {
    this.invocations.inc({ tool, status });
    this.invocationDuration.observe({ tool, status }, durationMs / 1000);
    if (status === 'denied' && errorCode) {
      this.denials.inc({ tool, reason: errorCode });
    }
  }

  /** A running record of a stopped replica that this replica finished (docs/STORES.md). */
  lostInvocationFinished(tool: string): void {
    this.lost.inc({ tool });
  }

  /** An answered explain (API.md 5.23): lets operators see how much the unlimited route is asked. */
  policyExplained(tool: string, allowed: boolean): void {
    this.explains.inc({ tool, allowed: String(allowed) });
  }

  /**
   * The outcome of one readiness check (API.md 5.3). Set from `/readyz`, which the kubelet probes
   * every few seconds, so alerts on it need no probe of their own and cost the stores nothing more.
   */
  dependencyChecked(dependency: Dependency, up: boolean): void {
    this.dependencies.set({ dependency }, up ? 1 : 0);
  }

  sessionCreated(backend: 'local' | 'kubernetes', durationMs: number): void {
    this.sessionsActive.inc();
    this.sessionCreateDuration.observe({ backend }, durationMs / 1000);
  }

  sessionClosed(): void {
    this.sessionsActive.dec();
  }

  setActiveSessions(count: number): void {
    this.sessionsActive.set(count);
  }
}
