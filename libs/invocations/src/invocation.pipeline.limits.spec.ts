import { jest } from '@jest/globals';
import { httpStatusForCode } from '#app/contracts';
import { AppException } from '#app/errors';
import { PolicyEngine } from '#app/policy';
import { InFlightInvocations } from '#app/sessions';
import { LimitCounters } from '#app/stores';
import {
  buildPipeline,
  executions,
  Gate,
  gates,
  type PipelineHarness,
} from './testing/pipeline.fixture.js';

const NO_LIMITS = {
  ratePerMinute: 0,
  ratePerMinutePerPrincipal: 0,
  maxConcurrencyPerSession: 0,
  maxOutputBytes: 0,
  maxArtifacts: 0,
  maxArtifactBytes: 0,
};

describe('InvocationPipeline limits, cancellation and quotas (API.md 6 D/E, 10)', () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    h = await buildPipeline();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.limits(NO_LIMITS);
    executions.clear();
    gates.current = new Gate();
  });

  /** 1 when no slot of that session is held (the probe takes and gives back one). */
  async function slotsHeldAfterProbe(sessionId: string): Promise<number> {
    const counters = h.get(LimitCounters);
    const held = await counters.acquire(sessionId);
    await counters.release(sessionId);
    return held;
  }

  describe('D1 rate limits', () => {
    it('should deny on the session window first and leave the principal window untouched', async () => {
      h.limits({ ratePerMinute: 1, ratePerMinutePerPrincipal: 2 });
      const a = await h.session();
      const b = await h.session();
      // Same principal, other case: the principal key is lowercased.
      const c = {
        ...(await h.session()),
        principal: { tenant_id: 'ACME', actor_id: 'Alice', roles: [] },
      };

      await h.invoke(a, 'fixture.echo');
      const sessionDenied = await h.reject(a, 'fixture.echo');
      await h.invoke(b, 'fixture.echo');
      const principalDenied = await h.reject(c, 'fixture.echo');

      expect(sessionDenied.toBody()).toEqual({
        code: 'rate_limited',
        message: 'session invocation rate limit exceeded',
        retryable: true,
      });
      expect(principalDenied.toBody()).toEqual({
        code: 'rate_limited',
        message: 'principal invocation rate limit exceeded',
        retryable: true,
      });
      // The fixture clock sits 15 s into its minute.
      expect(sessionDenied.headers['Retry-After']).toBe('45');
      expect(principalDenied.headers['Retry-After']).toBe('45');
      expect(sessionDenied.invocation).toMatchObject({
        status: 'denied',
        exit_code: 0,
        logs: [],
        artifacts: [],
      });
      expect(executions.get('fixture.echo')).toBe(2);
      expect(
        await h.metric('workspace_invocations_denied_total', {
          tool: 'fixture.echo',
          reason: 'rate_limited',
        }),
      ).toBe(2);
    });

    it('should consume nothing for replays and phase-A rejections, and answer a denied replay with Retry-After', async () => {
      h.limits({ ratePerMinute: 1 });
      const session = await h.session();
      await h.reject(session, 'fixture.echo', { args: { value: 1 } });
      await h.reject(session, 'fixture.nope');
      const first = await h.invoke(session, 'fixture.echo', { correlation_id: 'r' });
      const replay = await h.invoke(session, 'fixture.echo', { correlation_id: 'r' });
      const denied = await h.reject(session, 'fixture.echo', { correlation_id: 'd' });
      const deniedReplay = await h.reject(session, 'fixture.echo', { correlation_id: 'd' });

      expect(replay.id).toBe(first.id);
      expect(denied.code).toBe('rate_limited');
      expect(deniedReplay.invocation?.id).toBe(denied.invocation?.id);
      expect(Number(deniedReplay.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    });

    it('should consume a session slot even when a later gate denies', async () => {
      h.limits({ ratePerMinute: 1 });
      const session = await h.session();
      await h.reject(session, 'fixture.approval');
      const error = await h.reject(session, 'fixture.echo');
      expect(error.message).toBe('session invocation rate limit exceeded');
    });
  });

  describe('D3 policy engine failure', () => {
    it('should record failed internal when the engine throws, and release the slot', async () => {
      const broken = await buildPipeline({ WORKSPACE_MAX_CONCURRENCY_PER_SESSION: '1' }, [
        {
          provide: PolicyEngine,
          useValue: { evaluate: () => Promise.reject(new Error('engine down')) },
        },
      ]);
      try {
        const session = await broken.session();
        const error = await broken.reject(session, 'fixture.echo');

        expect(error.toBody()).toEqual({
          code: 'internal',
          message: 'policy evaluation failed',
          retryable: false,
        });
        expect(error.invocation?.status).toBe('failed');
        expect(executions.size).toBe(0);
        expect(broken.audits()).toHaveLength(1);
        expect(
          await broken.metric('workspace_invocations_total', {
            tool: 'fixture.echo',
            status: 'failed',
          }),
        ).toBe(1);
        expect(
          await broken.metric('workspace_invocations_denied_total', { tool: 'fixture.echo' }),
        ).toBe(0);
      } finally {
        await broken.close();
      }
    });
  });

  describe('D4 concurrency', () => {
    it('should deny a second in-flight invocation with Retry-After 1', async () => {
      h.limits({ maxConcurrencyPerSession: 1 });
      const session = await h.session();
      const running = h.invoke(session, 'fixture.block');
      await gates.current.entered;

      const error = await h.reject(session, 'fixture.echo');

      expect(error.toBody()).toEqual({
        code: 'rate_limited',
        message: 'session invocation concurrency limit exceeded',
        retryable: true,
      });
      expect(error.headers['Retry-After']).toBe('1');
      expect(error.invocation?.status).toBe('denied');
      gates.current.release();
      await running;
      expect(await slotsHeldAfterProbe(session.id)).toBe(1);
    });

    it.each([
      ['success', 'fixture.echo', {}],
      ['tool error', 'fixture.partial', {}],
      ['handler crash', 'fixture.crash', {}],
      ['AppException', 'fixture.missing', {}],
      ['output mismatch', 'fixture.bad_output', { args: { variant: 'array' } }],
      ['approval denial', 'fixture.approval', {}],
    ])('should release the slot after a %s', async (_outcome, tool, body) => {
      h.limits({ maxConcurrencyPerSession: 1 });
      const session = await h.session();
      await h.invoke(session, tool, body).catch(() => undefined);
      expect(await slotsHeldAfterProbe(session.id)).toBe(1);
    });

    it('should release the slot after a quota denial', async () => {
      h.limits({ maxConcurrencyPerSession: 1, maxArtifacts: 1 });
      const session = await h.session();
      await h.reject(session, 'fixture.three');
      expect(await slotsHeldAfterProbe(session.id)).toBe(1);
    });
  });

  describe('E1/E2 deadline and cancellation', () => {
    it('should answer timeout after about 1 s although the handler ignores its signal', async () => {
      h.limits({ maxConcurrencyPerSession: 1 });
      const session = await h.session();
      const started = performance.now();

      const error = await h.reject(session, 'fixture.sleepy');

      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(1500);
      expect(error.toBody()).toEqual({
        code: 'timeout',
        message: 'tool timed out after 1s',
        retryable: true,
      });
      expect(error.invocation).toMatchObject({
        status: 'failed',
        exit_code: 0,
        logs: [],
        artifacts: [],
      });
      expect(error.invocation?.output).toBeUndefined();
      expect(await slotsHeldAfterProbe(session.id)).toBe(1);
    });

    it('should fail with execution_failed "session closed" when the session is closed mid-run', async () => {
      h.limits({ maxConcurrencyPerSession: 1 });
      const session = await h.session();
      const running = h.reject(session, 'fixture.block');
      await gates.current.entered;

      await h.sessions.close(session);
      const error = await running;

      expect(error.toBody()).toEqual({
        code: 'execution_failed',
        message: 'session closed',
        retryable: false,
      });
      expect(error.invocation?.status).toBe('failed');
      expect(await slotsHeldAfterProbe(session.id)).toBe(1);
      gates.current.release();
    });

    it('should fail with timeout "invocation cancelled: service shutting down" on shutdown cancel', async () => {
      h.limits({ maxConcurrencyPerSession: 1 });
      const session = await h.session();
      const running = h.reject(session, 'fixture.block');
      await gates.current.entered;

      h.get(InFlightInvocations).cancelAll();
      const error = await running;

      expect(error.toBody()).toEqual({
        code: 'timeout',
        message: 'invocation cancelled: service shutting down',
        retryable: true,
      });
      expect(await slotsHeldAfterProbe(session.id)).toBe(1);
      expect(h.get(InFlightInvocations).size).toBe(0);
      gates.current.release();
    });
  });

  describe('E1/E2 cancel by the owner (API.md 5.18)', () => {
    it('should end the invocation cancelled with error cancelled (409), not failed, and release its slot', async () => {
      h.limits({ maxConcurrencyPerSession: 1 });
      const session = await h.session();
      const inFlight = h.get(InFlightInvocations);
      const track = jest.spyOn(inFlight, 'track');
      const running = h.reject(session, 'fixture.block');
      await gates.current.entered;
      const invocationId = track.mock.calls[0][0];

      expect(inFlight.cancel(invocationId)).toBe(true);
      expect(inFlight.cancel(invocationId)).toBe(true); // a repeated cancel is harmless
      const error = await running;

      expect(error.toBody()).toEqual({
        code: 'cancelled',
        message: 'invocation cancelled',
        retryable: false,
      });
      expect(httpStatusForCode(error.code)).toBe(409);
      expect(error.invocation).toMatchObject({
        id: invocationId,
        status: 'cancelled',
        error: { code: 'cancelled', message: 'invocation cancelled', retryable: false },
      });
      expect(inFlight.cancel(invocationId)).toBe(false); // no longer held once it ended
      expect(await slotsHeldAfterProbe(session.id)).toBe(1);
      gates.current.release();
      track.mockRestore();
    });

    it('should not cancel anything for an id this replica does not run', () => {
      expect(h.get(InFlightInvocations).cancel('inv-0000000000000000')).toBe(false);
    });
  });

  describe('E3 quotas', () => {
    // fixture.three: output {"pad":"<pad>"} (10 bytes + pad), 3 artifacts of 4 bytes each.
    it.each([
      [
        'output first',
        { maxOutputBytes: 10, maxArtifacts: 2, maxArtifactBytes: 11 },
        'invocation output size quota exceeded',
      ],
      [
        'then count',
        { maxOutputBytes: 0, maxArtifacts: 2, maxArtifactBytes: 11 },
        'invocation artifact count quota exceeded',
      ],
      [
        'then bytes',
        { maxOutputBytes: 0, maxArtifacts: 3, maxArtifactBytes: 11 },
        'invocation artifact size quota exceeded',
      ],
    ])('should deny %s and persist nothing', async (_order, limits, message) => {
      h.limits(limits);
      const session = await h.session();

      const error = await h.reject(session, 'fixture.three', { args: { pad: 'x' } });

      expect(error.toBody()).toEqual({ code: 'quota_exceeded', message, retryable: false });
      const invocation = error.invocation!;
      expect(invocation.status).toBe('denied');
      expect(invocation.output).toBeUndefined();
      expect(invocation.output_ref).toBeUndefined();
      expect(invocation.logs).toEqual([]);
      expect(invocation.artifacts).toEqual([]);
      expect(invocation.exit_code).toBe(0);
      expect(await h.artifactDirs()).not.toContain(invocation.id);
    });

    it('should pass values equal to every limit', async () => {
      // The output quota bounds the output (20 bytes) and the stored logs (two NDJSON lines) together.
      const logBytes = [
        { at: '2030-01-01T00:00:00.000Z', channel: 'stdout', message: 'first "line"' },
        { at: '2030-01-01T00:00:01.000Z', channel: 'stderr', message: 'second\nline' },
      ].reduce((sum, line) => sum + Buffer.byteLength(`${JSON.stringify(line)}\n`), 0);
      h.limits({ maxOutputBytes: 20 + logBytes, maxArtifacts: 3, maxArtifactBytes: 12 });
      const session = await h.session();
      const invocation = await h.invoke(session, 'fixture.three', {
        args: { pad: 'x'.repeat(10) },
      });
      expect(invocation.status).toBe('succeeded');
      expect(invocation.artifacts).toHaveLength(5);
    });

    it('should not deny a result that carries an error, but store only what fits (10.3)', async () => {
      h.limits({ maxOutputBytes: 1, maxArtifacts: 0, maxArtifactBytes: 1 });
      const session = await h.session();
      const error = await h.reject(session, 'fixture.partial');
      expect(error.toBody()).toEqual({
        code: 'execution_failed',
        message: 'stopped half way',
        retryable: false,
      });
      expect(error.invocation?.artifacts).toEqual([]);
      expect(error.invocation?.truncation).toMatchObject({
        artifacts_dropped: [{ name: 'partial.txt', size_bytes: 4 }],
      });
    });

    it('should measure the output in UTF-8 bytes', async () => {
      // {"pad":"éé"} is 12 characters but 14 bytes.
      h.limits({ maxOutputBytes: 13 });
      const session = await h.session();
      const error = await h.reject(session, 'fixture.three', { args: { pad: 'éé' } });
      expect(error.message).toBe('invocation output size quota exceeded');
    });
  });
});

describe('InvocationPipeline runtime gating with delivery tools enabled', () => {
  it('should let a delivery tool run on a kubernetes session when the flag is on', async () => {
    const h = await buildPipeline({ WORKSPACE_ENABLE_K8S_DELIVERY_TOOLS: 'true' });
    try {
      const session = await h.session({
        runtime: {
          kind: 'kubernetes',
          namespace: 'ns',
          pod_name: 'ws-x',
          container: 'runner',
          workdir: '/workspace/repo',
        },
        principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['devops'] },
      });
      const local = await h.session({
        principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['devops'] },
      });

      expect((await h.invoke(session, 'k8s.apply_manifest')).status).toBe('succeeded');
      expect((await h.reject(local, 'k8s.apply_manifest')).message).toBe(
        'tool requires kubernetes runtime',
      );
    } finally {
      await h.close();
    }
  });
});

describe('InvocationPipeline gate that cannot decide', () => {
  it('should record failed with the gate error, not denied, when the limit counters are unreachable', async () => {
    const unreachable = {
      hitWindow: () =>
        Promise.reject(new AppException('unavailable', 'limit counters unreachable')),
      acquire: () => Promise.reject(new AppException('unavailable', 'limit counters unreachable')),
      release: () => Promise.resolve(),
    };
    const h = await buildPipeline({ WORKSPACE_RATE_LIMIT_PER_MINUTE: '5' }, [
      { provide: LimitCounters, useValue: unreachable },
    ]);
    try {
      const session = await h.session();
      const error = await h.reject(session, 'fixture.echo');

      expect(error.code).toBe('unavailable');
      expect(error.invocation?.status).toBe('failed');
      expect(await h.metric('workspace_invocations_denied_total', { tool: 'fixture.echo' })).toBe(
        0,
      );
      expect(
        await h.metric('workspace_invocations_total', { tool: 'fixture.echo', status: 'failed' }),
      ).toBe(1);
    } finally {
      await h.close();
    }
  });
});
