import type { ExplainDecision, Session } from '#app/contracts';
import { jest } from '@jest/globals';
import { AppException } from '#app/errors';
import { PolicyEngine } from '#app/policy';
import { LimitCounters } from '#app/stores';
import { InvocationExplainer } from './invocation-explainer.js';
import {
  buildPipeline,
  executions,
  Gate,
  gates,
  type PipelineHarness,
  raw,
} from './testing/pipeline.fixture.js';

const NO_LIMITS = {
  ratePerMinute: 0,
  ratePerMinutePerPrincipal: 0,
  maxConcurrencyPerSession: 0,
};

describe('InvocationExplainer (API.md 5.23) over the real invocations module', () => {
  let h: PipelineHarness;
  let explainer: InvocationExplainer;

  beforeAll(async () => {
    h = await buildPipeline();
    explainer = h.get(InvocationExplainer);
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.limits(NO_LIMITS);
    executions.clear();
    gates.current = new Gate();
  });

  const explain = (session: Session, toolName: string, body: unknown = {}) =>
    explainer.explain({ session, toolName, body: raw(body) });
  const check = (decision: ExplainDecision, name: string) =>
    decision.checks.find((candidate) => candidate.name === name);

  it('should run nothing and record nothing for an allowed call', async () => {
    const session = await h.session();

    const decision = await explain(session, 'fixture.echo', { args: { value: 'x' } });

    expect(decision).toMatchObject({ allowed: true, code: null, message: null });
    expect(executions.size).toBe(0);
    expect(h.audits()).toHaveLength(0);
    expect(await h.metric('workspace_invocations_total', { tool: 'fixture.echo' })).toBe(0);
    expect(
      await h.metric('workspace_policy_explain_total', { tool: 'fixture.echo', allowed: 'true' }),
    ).toBe(1);
  });

  it('should see a slot held by a running invocation and fail concurrency as invoke would', async () => {
    h.limits({ maxConcurrencyPerSession: 1 });
    const session = await h.session();
    const running = h.invoke(session, 'fixture.block');
    await gates.current.entered;

    const busy = await explain(session, 'fixture.echo');
    const refused = await h.reject(session, 'fixture.echo');
    gates.current.release();
    await running;
    const free = await explain(session, 'fixture.echo');

    expect(check(busy, 'concurrency')?.result).toBe('fail');
    expect([busy.code, busy.message]).toEqual([refused.code, refused.message]);
    expect(check(free, 'concurrency')).toEqual({
      name: 'concurrency',
      result: 'pass',
      detail: '0 of 1 slots in use',
    });
    expect(await h.get(LimitCounters).peekInFlight(session.id)).toBe(0);
  });

  it('should report the first gate in pipeline order: rate limit before runtime before policy', async () => {
    h.limits({ ratePerMinute: 1 });
    const session = await h.session();
    await h.invoke(session, 'fixture.echo');

    const decision = await explain(session, 'fixture.cluster');

    expect(
      decision.checks.filter(({ result }) => result === 'fail').map(({ name }) => name),
    ).toEqual(['rate_limit.session', 'runtime', 'policy.scope']);
    expect(decision.message).toBe('session invocation rate limit exceeded');
  });

  it('should answer approval_required with requires_approval only while approved is missing', async () => {
    const session = await h.session();

    const unapproved = await explain(session, 'fixture.approval');
    const approved = await explain(session, 'fixture.approval', { approved: true });

    expect(unapproved).toMatchObject({ code: 'approval_required', requires_approval: true });
    expect(approved).toMatchObject({ allowed: true, requires_approval: false });
    expect(executions.size).toBe(0);
  });

  it('should reject in admission exactly as invoke does', async () => {
    const session = await h.session();
    for (const [tool, body] of [
      ['fixture.nope', {}],
      ['fixture.echo', { args: { value: 1 } }],
      ['fixture.echo', { extra: true }],
    ] as const) {
      const invoked = await h.reject(session, tool, body);
      const explained = await explain(session, tool, body).catch((error: AppException) => error);
      expect(explained).toBeInstanceOf(AppException);
      expect((explained as AppException).toBody()).toEqual(invoked.toBody());
    }
  });

  it('should fail closed when the counters cannot be read: the store error, never a pass', async () => {
    h.limits({ ratePerMinute: 5 });
    const session = await h.session();
    const unreachable = new AppException('unavailable', 'valkey unavailable');
    const peek = jest.spyOn(h.get(LimitCounters), 'peekWindow').mockRejectedValue(unreachable);
    try {
      await expect(explain(session, 'fixture.echo')).rejects.toBe(unreachable);
    } finally {
      peek.mockRestore();
    }
  });

  it('should fail closed when the policy engine fails before any denial', async () => {
    const session = await h.session();
    const failure = new Error('engine down');
    const engine = jest.spyOn(h.get(PolicyEngine), 'explain').mockRejectedValue(failure);
    try {
      await expect(explain(session, 'fixture.echo')).rejects.toBe(failure);
    } finally {
      engine.mockRestore();
    }
  });
});
