import { Injectable } from '@nestjs/common';
import { PolicyEngine, type PolicyDecision, type PolicyInput } from './policy-engine.port.js';
import type { PolicyRule } from './policy-rule.js';
import { approvalRule } from './rules/approval.rule.js';
import { argFieldsRule } from './rules/arg-fields.rule.js';
import { metadataAllowlistsRule } from './rules/metadata-allowlists.rule.js';
import { pathFieldsRule } from './rules/path-fields.rule.js';
import { riskRule } from './rules/risk.rule.js';
import { scopeRule } from './rules/scope.rule.js';

// The order is the contract (API.md 7): the first failure wins, so approval is only asked of
// principals that may use the tool at all.
const RULES: readonly PolicyRule[] = [
  scopeRule,
  riskRule,
  approvalRule,
  pathFieldsRule,
  argFieldsRule,
  metadataAllowlistsRule,
];

/**
 * The in-process static policy of API.md 7. Unexpected errors from a rule propagate unchanged:
 * the pipeline records them as a failed invocation with 500 `internal` (fail closed).
 */
@Injectable()
export class StaticPolicyEngine extends PolicyEngine {
  async evaluate(input: PolicyInput): Promise<PolicyDecision> {
    for (const rule of RULES) {
      const denial = await rule(input);
      if (denial !== null) {
        return denial;
      }
    }
    return { allowed: true };
  }
}
