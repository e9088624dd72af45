import { loadAppConfig } from '#app/config';
import type { Capability, JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { argsSha256, AuditLog, JsonLogger } from '#app/observability';
import {
  type PolicyDecision,
  PolicyEngine,
  type PolicyExplanation,
  type PolicyInput,
} from '#app/policy';
import { Clock, MemoryApprovalStore } from '#app/stores';
import { ApprovalGate } from '../approvals/approval-gate.js';
import type { InvocationContext } from '../invocation-context.js';
import { ApprovalConsumeGuard } from './approval-consume.guard.js';
import { PolicyApprovalGuard } from './policy-approval.guard.js';

class ScriptedEngine extends PolicyEngine {
  inputs: PolicyInput[] = [];
  constructor(private readonly decide: (input: PolicyInput) => Promise<PolicyDecision>) {
    super();
  }
  evaluate(input: PolicyInput): Promise<PolicyDecision> {
    this.inputs.push(input);
    return this.decide(input);
  }
  async explain(input: PolicyInput): Promise<PolicyExplanation> {
    const decision = await this.evaluate(input);
    const detail = decision.allowed ? 'scripted pass' : decision.message;
    return {
      decision,
      checks: [{ name: 'policy.scope', result: decision.allowed ? 'pass' : 'fail', detail }],
    };
  }
}

class FixedClock extends Clock {
  constructor(public at: number) {
    super();
  }
  now(): number {
    return this.at;
  }
}

/** The approval rule alone (API.md 7.3), plus an optional denial that wins when `approved`. */
const approvalOnly =
  (otherDenial?: string) =>
  async ({ approved }: PolicyInput): Promise<PolicyDecision> => {
    if (!approved) {
      return {
        allowed: false,
        code: 'approval_required',
        message: 'tool requires explicit approval',
      };
    }
    return otherDenial
      ? { allowed: false, code: 'policy_denied', message: otherDenial }
      : { allowed: true };
  };

const args: JsonObject = { path: 'a', content: 'x', token: 's3cret' };
const flagConfig = loadAppConfig({});
const requestConfig = loadAppConfig({
  WORKSPACE_AUTH_MODE: 'trusted_headers',
  WORKSPACE_AUTH_SHARED_TOKEN: 't',
  WORKSPACE_APPROVAL_MODE: 'request',
  WORKSPACE_APPROVAL_TTL_SECONDS: '60',
});

function contextFor(
  overrides: { approved?: boolean; approvalId?: string; args?: JsonObject } = {},
): InvocationContext {
  return {
    invocationId: 'inv-1',
    toolName: 'fs.write_file',
    capability: {} as Capability,
    session: {
      id: 'session-a',
      principal: { tenant_id: 'acme', actor_id: 'alice', roles: [] },
    } as unknown as Session,
    args: overrides.args ?? args,
    approved: overrides.approved ?? false,
    approval: { flag: overrides.approved ?? false, id: overrides.approvalId ?? '', consume: false },
    workspace: {},
  } as InvocationContext;
}

describe('PolicyApprovalGuard (API.md 7, D3)', () => {
  describe('in flag mode', () => {
    const guardWith = (engine: PolicyEngine): PolicyApprovalGuard =>
      new PolicyApprovalGuard(engine, flagConfig, {} as ApprovalGate);

    it('should pass what the engine allows, giving it the capability, session, args, approval and workspace', async () => {
      const engine = new ScriptedEngine(async () => ({ allowed: true }));
      const gate = contextFor({ approved: true });
      await expect(guardWith(engine).check(gate)).resolves.toBeUndefined();
      const input = engine.inputs[0];
      expect([
        input.capability,
        input.session,
        input.args,
        input.approved,
        input.workspace,
      ]).toEqual([gate.capability, gate.session, gate.args, true, gate.workspace]);
    });

    it.each([
      ['policy_denied', 'path outside allowlist'],
      ['approval_required', 'tool requires approval'],
    ] as const)('should throw the engine denial %s as it is', async (code, message) => {
      const guard = guardWith(new ScriptedEngine(async () => ({ allowed: false, code, message })));
      await expect(guard.check(contextFor())).rejects.toEqual(new AppException(code, message));
    });

    it('should fail closed when the engine itself fails', async () => {
      const guard = guardWith(new ScriptedEngine(() => Promise.reject(new Error('engine down'))));
      await expect(guard.check(contextFor())).rejects.toThrow('engine down');
    });
  });

  describe('in request mode', () => {
    let store: MemoryApprovalStore;
    let clock: FixedClock;
    let lines: Array<Record<string, unknown>>;
    let gate: ApprovalGate;

    beforeEach(() => {
      clock = new FixedClock(Date.parse('2026-01-01T00:00:00.000Z'));
      store = new MemoryApprovalStore(60, () => clock.at);
      lines = [];
      const logger = new JsonLogger('error', (line) =>
        lines.push(JSON.parse(line) as Record<string, unknown>),
      );
      gate = new ApprovalGate(store, requestConfig, clock, new AuditLog(logger));
    });

    const guardWith = (engine: PolicyEngine): PolicyApprovalGuard =>
      new PolicyApprovalGuard(engine, requestConfig, gate);

    async function refusalOf(promise: Promise<unknown>): Promise<AppException> {
      try {
        await promise;
      } catch (error) {
        if (error instanceof AppException) {
          return error;
        }
        throw error;
      }
      throw new Error('expected a refusal');
    }

    async function approvedRequest(): Promise<string> {
      const refusal = await refusalOf(
        guardWith(new ScriptedEngine(approvalOnly())).check(contextFor()),
      );
      const id = (refusal.details['approval_request'] as { id: string }).id;
      await store.decide(
        id,
        'acme',
        { status: 'approved', decided_by: { tenant: 'acme', actor: 'bob' }, decided_at: 'x' },
        clock.at,
      );
      return id;
    }

    it('should pass without a request when the policy allows the call unapproved', async () => {
      const engine = new ScriptedEngine(async () => ({ allowed: true }));
      await expect(guardWith(engine).check(contextFor())).resolves.toBeUndefined();
      expect(engine.inputs.map((input) => input.approved)).toEqual([false]);
      expect(await store.listForTenant('acme', 10)).toEqual([]);
    });

    it('should create a pending request for exactly this call and answer 428 with it', async () => {
      const refusal = await refusalOf(
        guardWith(new ScriptedEngine(approvalOnly())).check(contextFor()),
      );

      expect(refusal.code).toBe('approval_required');
      expect(refusal.message).toBe('tool requires explicit approval');
      expect(refusal.details['approval_request']).toEqual({
        id: expect.stringMatching(/^approval-[0-9a-f]{16}$/),
        status: 'pending',
        session_id: 'session-a',
        tool_name: 'fs.write_file',
        args_sha256: argsSha256(args),
        args: { path: 'a', content: 'x', token: '[REDACTED]' },
        requested_by: { tenant: 'acme', actor: 'alice' },
        created_at: '2026-01-01T00:00:00.000Z',
        expires_at: '2026-01-01T00:01:00.000Z',
      });
      expect(lines).toEqual([
        expect.objectContaining({ msg: 'audit.approval', event: 'requested', actor_id: 'alice' }),
      ]);
    });

    it('should refuse "approved": true alone and still create a request', async () => {
      const engine = new ScriptedEngine(approvalOnly());
      const refusal = await refusalOf(guardWith(engine).check(contextFor({ approved: true })));

      expect(refusal.code).toBe('approval_required');
      expect(refusal.message).toBe(
        'approval request required: "approved" is not accepted in request mode',
      );
      expect(engine.inputs[0].approved).toBe(false);
      expect(await store.listForTenant('acme', 10)).toHaveLength(1);
    });

    it('should answer another denial first and create no request for a call refused anyway', async () => {
      const refusal = await refusalOf(
        guardWith(new ScriptedEngine(approvalOnly('path escapes workspace'))).check(contextFor()),
      );

      expect([refusal.code, refusal.message]).toEqual(['policy_denied', 'path escapes workspace']);
      expect(await store.listForTenant('acme', 10)).toEqual([]);
    });

    it('should answer a denial before approval as it is', async () => {
      const engine = new ScriptedEngine(async () => ({
        allowed: false,
        code: 'policy_denied',
        message: 'principal roles cannot access tool scope',
      }));
      const refusal = await refusalOf(guardWith(engine).check(contextFor()));
      expect(refusal.message).toBe('principal roles cannot access tool scope');
      expect(await store.listForTenant('acme', 10)).toEqual([]);
    });

    it('should let an approved request through D3 and consume it exactly once in the last gate', async () => {
      const id = await approvedRequest();
      const guard = guardWith(new ScriptedEngine(approvalOnly()));
      const consume = new ApprovalConsumeGuard(gate);
      const first = contextFor({ approvalId: id });
      const second = contextFor({ approvalId: id });

      await guard.check(first);
      await guard.check(second);
      expect([first.approval.consume, first.approved]).toEqual([true, false]);
      await consume.check(first);
      const late = await refusalOf(consume.check(second));

      expect(first.approved).toBe(true);
      expect(second.approved).toBe(false);
      expect([late.code, late.message]).toEqual([
        'approval_required',
        'approval request was already used',
      ]);
      expect(lines.at(-1)).toEqual(
        expect.objectContaining({ event: 'used', approval_id: id, invocation_id: 'inv-1' }),
      );
      const again = await refusalOf(guard.check(contextFor({ approvalId: id })));
      expect(again.message).toBe('approval request was already used');
    });

    it.each([
      ['other args', { args: { path: 'b', content: 'x', token: 's3cret' } }, 'does not match'],
      ['an unknown id', { approvalId: 'approval-0000000000000000' }, 'not found'],
    ])('should refuse %s with 403 and show no request', async (_, overrides, message) => {
      const id = await approvedRequest();
      const refusal = await refusalOf(
        guardWith(new ScriptedEngine(approvalOnly())).check(
          contextFor({ approvalId: id, ...overrides }),
        ),
      );
      expect(refusal.code).toBe('policy_denied');
      expect(refusal.message).toContain(message);
      expect(refusal.details).toEqual({});
    });

    it('should refuse a pending, a denied and an expired request with their own messages', async () => {
      const guard = guardWith(new ScriptedEngine(approvalOnly()));
      const pendingId = (
        (await refusalOf(guard.check(contextFor()))).details['approval_request'] as { id: string }
      ).id;
      const pending = await refusalOf(guard.check(contextFor({ approvalId: pendingId })));
      expect([pending.code, pending.message]).toEqual([
        'approval_required',
        'approval request is pending',
      ]);
      expect(pending.details['approval_request']).toEqual(
        expect.objectContaining({ id: pendingId, status: 'pending' }),
      );

      await store.decide(
        pendingId,
        'acme',
        { status: 'denied', decided_by: { tenant: 'acme', actor: 'bob' }, decided_at: 'x' },
        clock.at,
      );
      const denied = await refusalOf(guard.check(contextFor({ approvalId: pendingId })));
      expect([denied.code, denied.message]).toEqual([
        'policy_denied',
        'approval request was denied',
      ]);

      const approvedId = await approvedRequest();
      clock.at += 60_000;
      const expired = await refusalOf(guard.check(contextFor({ approvalId: approvedId })));
      expect([expired.code, expired.message]).toEqual([
        'approval_required',
        'approval request has expired',
      ]);
      expect(expired.details['approval_request']).toEqual(
        expect.objectContaining({ status: 'expired' }),
      );
    });

    it('should refuse another tenant request as not found', async () => {
      const id = await approvedRequest();
      const foreign = contextFor({ approvalId: id });
      (foreign.session as { principal: { tenant_id: string } }).principal = {
        tenant_id: 'other',
      };
      const refusal = await refusalOf(guardWith(new ScriptedEngine(approvalOnly())).check(foreign));
      expect(refusal.message).toBe('approval request not found');
    });
  });

  it('should explain with the same input and put the decision on the first failing check', async () => {
    const engine = new ScriptedEngine(async () => ({
      allowed: false,
      code: 'approval_required',
      message: 'tool requires explicit approval',
    }));
    const gate = contextFor();
    const checks = await new PolicyApprovalGuard(engine, flagConfig, {} as ApprovalGate).explain(
      gate,
    );

    expect(engine.inputs[0].args).toBe(args);
    expect(checks).toEqual([
      {
        name: 'policy.scope',
        result: 'fail',
        detail: 'tool requires explicit approval',
        refusal: { code: 'approval_required', message: 'tool requires explicit approval' },
      },
    ]);
  });

  it('should carry no refusal when the engine allows', async () => {
    const checks = await new PolicyApprovalGuard(
      new ScriptedEngine(async () => ({ allowed: true })),
      flagConfig,
      {} as ApprovalGate,
    ).explain(contextFor());
    expect(checks).toEqual([{ name: 'policy.scope', result: 'pass', detail: 'scripted pass' }]);
  });
});
