import type {
  PolicyCheckName,
  PolicyDenial,
  PolicyDenialCode,
  PolicyInput,
} from './policy-engine.port.js';

/** One step of the static policy: `null` lets the next rule run, a denial ends the evaluation. */
export type PolicyRule = (input: PolicyInput) => PolicyDenial | null | Promise<PolicyDenial | null>;

/** What a rule that did not deny says about the input: it checked something, or had nothing to check. */
export interface RuleNote {
  result: 'pass' | 'skip';
  detail: string;
}

/**
 * A rule of API.md 7 with its stable check name. `check` alone decides; `describe` is asked only
 * when `check` did not deny, so an explanation can never change a decision.
 */
export interface NamedPolicyRule {
  readonly name: PolicyCheckName;
  readonly check: PolicyRule;
  readonly describe: (input: PolicyInput) => RuleNote;
  /**
   * A denial means the principal may not use the tool at all (scope, risk): the rules after it are
   * not explained, so an unauthorised caller learns no more than invoke tells it (API.md 7.3).
   */
  readonly authorises?: boolean;
}

export function deny(message: string, code: PolicyDenialCode = 'policy_denied'): PolicyDenial {
  return { allowed: false, code, message };
}

export const pass = (detail: string): RuleNote => ({ result: 'pass', detail });
export const skip = (detail: string): RuleNote => ({ result: 'skip', detail });
