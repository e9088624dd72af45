import { POLICY_MESSAGES } from '../policy.messages.js';
import { deny, type NamedPolicyRule, pass, type PolicyRule, skip } from '../policy-rule.js';
import { hasAnyRole } from './principal-roles.js';

/** API.md 7.2: high-risk capabilities need platform_admin. */
export const riskRule: PolicyRule = ({ capability, session }) =>
  capability.risk_level === 'high' && !hasAnyRole(session.principal.roles, 'platform_admin')
    ? deny(POLICY_MESSAGES.highRisk)
    : null;

/** Explained as `policy.risk` (API.md 5.23); a denial hides the later rules. */
export const riskPolicyRule: NamedPolicyRule = {
  name: 'policy.risk',
  check: riskRule,
  authorises: true,
  describe: ({ capability }) =>
    capability.risk_level === 'high'
      ? pass('high risk: the principal holds platform_admin')
      : skip(`risk ${capability.risk_level} needs no role`),
};
