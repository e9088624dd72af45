import { POLICY_MESSAGES } from '../policy.messages.js';
import { deny, type PolicyRule } from '../policy-rule.js';
import { hasAnyRole } from './principal-roles.js';

/** API.md 7.2: high-risk capabilities need platform_admin. */
export const riskRule: PolicyRule = ({ capability, session }) =>
  capability.risk_level === 'high' && !hasAnyRole(session.principal.roles, 'platform_admin')
    ? deny(POLICY_MESSAGES.highRisk)
    : null;
