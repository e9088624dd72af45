import { POLICY_MESSAGES } from '../policy.messages.js';
import { deny, type PolicyRule } from '../policy-rule.js';
import { hasAnyRole } from './principal-roles.js';

/** API.md 7.1: repo/workspace for anyone, cluster/external for devops or platform_admin. */
export const scopeRule: PolicyRule = ({ capability, session }) =>
  scopeAllows(capability.scope, session.principal.roles) ? null : deny(POLICY_MESSAGES.scope);

// Typed as string on purpose: a scope outside the known four (bad catalog data) must fail closed.
function scopeAllows(scope: string, roles: readonly string[]): boolean {
  switch (scope) {
    case 'repo':
    case 'workspace':
      return true;
    case 'cluster':
    case 'external':
      return hasAnyRole(roles, 'devops', 'platform_admin');
    default:
      return false;
  }
}
