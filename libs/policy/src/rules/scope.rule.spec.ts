import type { CapabilityScope } from '#app/contracts';
import { buildPolicyInput } from '../testing/policy-input.fixture.js';
import { scopeRule } from './scope.rule.js';

const denial = {
  allowed: false,
  code: 'policy_denied',
  message: 'principal roles cannot access tool scope',
};

const evaluate = (scope: CapabilityScope, roles: string[]) =>
  scopeRule(buildPolicyInput({ capability: { scope }, roles }));

describe('scopeRule', () => {
  it.each<CapabilityScope>(['repo', 'workspace'])(
    'should allow a principal without roles when scope is %s',
    async (scope) => {
      expect(await evaluate(scope, [])).toBeNull();
    },
  );

  it.each<CapabilityScope>(['cluster', 'external'])(
    'should deny a principal without devops or platform_admin when scope is %s',
    async (scope) => {
      expect(await evaluate(scope, [])).toEqual(denial);
      expect(await evaluate(scope, ['developer'])).toEqual(denial);
    },
  );

  it.each([['devops'], ['platform_admin'], ['  DevOps '], ['Platform_Admin']])(
    'should allow cluster and external scope when the principal holds %j',
    async (role) => {
      expect(await evaluate('cluster', ['viewer', role])).toBeNull();
      expect(await evaluate('external', [role])).toBeNull();
    },
  );

  it('should deny everybody when the scope is not one of the four known scopes', async () => {
    const input = buildPolicyInput({ roles: ['platform_admin', 'devops'] });
    input.capability.scope = 'galaxy' as CapabilityScope;
    expect(await scopeRule(input)).toEqual(denial);
  });
});
