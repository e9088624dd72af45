import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  type PolicyDecision,
  PolicyEngine,
  type PolicyExplanation,
  type PolicyInput,
} from '#app/policy';
import type { InvocationContext } from '../invocation-context.js';
import { PolicyApprovalGuard } from './policy-approval.guard.js';

class ScriptedEngine extends PolicyEngine {
  inputs: PolicyInput[] = [];
  constructor(private readonly decide: () => Promise<PolicyDecision>) {
    super();
  }
  evaluate(input: PolicyInput): Promise<PolicyDecision> {
    this.inputs.push(input);
    return this.decide();
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

const args: JsonObject = { path: 'a' };
const gate = {
  capability: {},
  session: {},
  args,
  approved: true,
  workspace: {},
} as InvocationContext;

describe('PolicyApprovalGuard (API.md 7, D3)', () => {
  it('should pass what the engine allows, giving it the capability, session, args, approval and workspace', async () => {
    const engine = new ScriptedEngine(async () => ({ allowed: true }));
    await expect(new PolicyApprovalGuard(engine).check(gate)).resolves.toBeUndefined();
    const input = engine.inputs[0];
    expect([input.capability, input.session, input.args, input.approved, input.workspace]).toEqual([
      gate.capability,
      gate.session,
      gate.args,
      true,
      gate.workspace,
    ]);
  });

  it.each([
    ['policy_denied', 'path outside allowlist'],
    ['approval_required', 'tool requires approval'],
  ] as const)('should throw the engine denial %s as it is', async (code, message) => {
    const guard = new PolicyApprovalGuard(
      new ScriptedEngine(async () => ({ allowed: false, code, message })),
    );
    await expect(guard.check(gate)).rejects.toEqual(new AppException(code, message));
  });

  it('should fail closed when the engine itself fails', async () => {
    const guard = new PolicyApprovalGuard(
      new ScriptedEngine(() => Promise.reject(new Error('engine down'))),
    );
    await expect(guard.check(gate)).rejects.toThrow('engine down');
  });

  it('should explain with the same input and put the decision on the first failing check', async () => {
    const engine = new ScriptedEngine(async () => ({
      allowed: false,
      code: 'approval_required',
      message: 'tool requires explicit approval',
    }));
    const checks = await new PolicyApprovalGuard(engine).explain(gate);

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
    ).explain(gate);
    expect(checks).toEqual([{ name: 'policy.scope', result: 'pass', detail: 'scripted pass' }]);
  });
});
