import { Injectable } from '@nestjs/common';
import type { ExplainCheck } from '#app/contracts';
import {
  PolicyEngine,
  type PolicyDecision,
  type PolicyDenial,
  type PolicyExplanation,
  type PolicyInput,
} from './policy-engine.port.js';
import type { NamedPolicyRule } from './policy-rule.js';
import { approvalPolicyRule } from './rules/approval.rule.js';
import { argFieldsPolicyRule } from './rules/arg-fields.rule.js';
import { metadataAllowlistsPolicyRule } from './rules/metadata-allowlists.rule.js';
import { pathFieldsPolicyRule } from './rules/path-fields.rule.js';
import { riskPolicyRule } from './rules/risk.rule.js';
import { scopePolicyRule } from './rules/scope.rule.js';

// The order is the contract (API.md 7): the first failure wins, so approval is only asked of
// principals that may use the tool at all. `evaluate` and `explain` both walk this one list.
const RULES: readonly NamedPolicyRule[] = [
  scopePolicyRule,
  riskPolicyRule,
  approvalPolicyRule,
  pathFieldsPolicyRule,
  argFieldsPolicyRule,
  metadataAllowlistsPolicyRule,
];

/** Reported for the rules after a scope or risk denial (API.md 5.23). */
export const NOT_AUTHORISED_DETAIL = 'not evaluated: the principal may not use this tool';
/** Reported for a rule that failed unexpectedly after the decision was already a denial. */
export const NOT_DECIDABLE_DETAIL = 'could not be evaluated';

/**
 * The in-process static policy of API.md 7. Unexpected errors from a rule propagate unchanged:
 * the pipeline records them as a failed invocation with 500 `internal` (fail closed).
 */
@Injectable()
export class StaticPolicyEngine extends PolicyEngine {
  async evaluate(input: PolicyInput): Promise<PolicyDecision> {
    for (const rule of RULES) {
      const denial = await rule.check(input);
      if (denial !== null) {
        return denial;
      }
    }
    return { allowed: true };
  }

  /**
   * Every rule, in order, even after the first failure (more useful to an orchestrator than the
   * first refusal alone), except that a scope or risk denial hides the rest. The decision is the
   * first denial, so it is `evaluate`'s by construction. A rule error before any denial rejects as
   * `evaluate` does; after one, the rule reports `fail` (never a guessed pass) and the decision
   * stays the earlier denial, which is all invoke would ever answer.
   */
  async explain(input: PolicyInput): Promise<PolicyExplanation> {
    const checks: ExplainCheck[] = [];
    let denial: PolicyDenial | null = null;
    let authorised = true;
    for (const rule of RULES) {
      if (!authorised) {
        checks.push({ name: rule.name, result: 'skip', detail: NOT_AUTHORISED_DETAIL });
        continue;
      }
      const ruleDenial = await checkAfter(rule, input, denial);
      if (ruleDenial === null) {
        checks.push({ name: rule.name, ...rule.describe(input) });
        continue;
      }
      checks.push({ name: rule.name, result: 'fail', detail: ruleDenial.message });
      denial ??= ruleDenial;
      authorised = rule.authorises !== true;
    }
    return { decision: denial ?? { allowed: true }, checks };
  }
}

async function checkAfter(
  rule: NamedPolicyRule,
  input: PolicyInput,
  earlier: PolicyDenial | null,
): Promise<PolicyDenial | null> {
  if (earlier === null) {
    return rule.check(input);
  }
  try {
    return await rule.check(input);
  } catch {
    return { allowed: false, code: 'policy_denied', message: NOT_DECIDABLE_DETAIL };
  }
}
