import { POLICY_MESSAGES } from '../policy.messages.js';
import { deny, type NamedPolicyRule, pass, type PolicyRule } from '../policy-rule.js';
import { hasAnyRole } from './principal-roles.js';

/** API.md 7.1: repo/workspace for anyone, cluster/external for devops or platform_admin. */
export const scopeRule: PolicyRule = ({ capability, session }) =>
  scopeAllows(capability.scope, session.principal.roles) ? null : deny(POLICY_MESSAGES.scope);

/** Explained as `policy.scope` (API.md 5.23); a denial hides the later rules. */
export const scopePolicyRule: NamedPolicyRule = {
  name: 'policy.scope',
  check: scopeRule,
  authorises: true,
  describe: ({ capability }) =>
    pass(
      OPEN_SCOPES.has(capability.scope)
        ? `scope ${capability.scope} is open to every principal`
        : `scope ${capability.scope}: the principal holds devops or platform_admin`,
    ),
};

const OPEN_SCOPES: ReadonlySet<string> = new Set(['repo', 'workspace']);

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
