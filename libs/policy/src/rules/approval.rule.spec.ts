import { buildPolicyInput } from '../testing/policy-input.fixture.js';
import { approvalRule } from './approval.rule.js';

describe('approvalRule', () => {
  it('should answer approval_required when the capability requires approval and approved is false', async () => {
    const input = buildPolicyInput({ capability: { requires_approval: true }, approved: false });
    expect(await approvalRule(input)).toEqual({
      allowed: false,
      code: 'approval_required',
      message: 'tool requires explicit approval',
    });
  });

  it('should allow when the capability requires approval and approved is true', async () => {
    const input = buildPolicyInput({ capability: { requires_approval: true }, approved: true });
    expect(await approvalRule(input)).toBeNull();
  });

  it('should allow without approval when the capability does not require it', async () => {
    expect(
      await approvalRule(buildPolicyInput({ capability: { requires_approval: false } })),
    ).toBeNull();
  });
});
