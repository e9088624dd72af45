import { buildPolicyInput } from '../testing/policy-input.fixture.js';
import { riskRule } from './risk.rule.js';

describe('riskRule', () => {
  it('should deny a high risk capability when the principal lacks platform_admin', async () => {
    const input = buildPolicyInput({ capability: { risk_level: 'high' }, roles: ['devops'] });
    expect(await riskRule(input)).toEqual({
      allowed: false,
      code: 'policy_denied',
      message: 'high risk capability requires platform_admin role',
    });
  });

  it('should allow a high risk capability when the principal holds platform_admin in any case', async () => {
    const input = buildPolicyInput({
      capability: { risk_level: 'high' },
      roles: [' PLATFORM_ADMIN '],
    });
    expect(await riskRule(input)).toBeNull();
  });

  it.each(['low', 'medium'] as const)(
    'should allow a %s risk capability without roles',
    async (risk_level) => {
      const input = buildPolicyInput({ capability: { risk_level }, roles: [] });
      expect(await riskRule(input)).toBeNull();
    },
  );
});
