import type { PolicyDenial, PolicyDenialCode, PolicyInput } from './policy-engine.port.js';

/** One step of the static policy: `null` lets the next rule run, a denial ends the evaluation. */
export type PolicyRule = (input: PolicyInput) => PolicyDenial | null | Promise<PolicyDenial | null>;

export function deny(message: string, code: PolicyDenialCode = 'policy_denied'): PolicyDenial {
  return { allowed: false, code, message };
}
