import type { Capability, ExplainCheck, JsonObject, Session } from '#app/contracts';
import type { WorkspaceRuntime } from '#app/workspace';

/** Everything the static policy (API.md 7) looks at for one invocation. */
export interface PolicyInput {
  capability: Capability;
  session: Session;
  /** Validated against the capability's `input_schema`, `null` members already removed. */
  args: JsonObject;
  approved: boolean;
  /**
   * The session's runtime; when given for a local session, path fields also get real-path
   * containment (API.md 7.4 step 5). Only `resolve` is used, so any `WorkspaceRuntime` fits.
   */
  workspace?: Pick<WorkspaceRuntime, 'resolve'>;
}

export type PolicyDenialCode = 'policy_denied' | 'approval_required';

export type PolicyDecision =
  { allowed: true } | { allowed: false; code: PolicyDenialCode; message: string };

export type PolicyDenial = Extract<PolicyDecision, { allowed: false }>;

/** The stable check names of the static policy (API.md 5.23), one per rule of API.md 7, in order. */
export type PolicyCheckName =
  | 'policy.scope'
  | 'policy.risk'
  | 'policy.approval'
  | 'policy.paths'
  | 'policy.args'
  | 'policy.metadata';

/**
 * Every rule's answer for one input, in rule order, and the decision `evaluate` gives for it: the
 * first failure's denial (or allowed). The rules after a failure still report what they would say,
 * except after a scope or risk failure (the principal may not use the tool at all; 7.3).
 */
export interface PolicyExplanation {
  decision: PolicyDecision;
  checks: ExplainCheck[];
}

/**
 * Decides whether an invocation may run (pipeline step D3). Denials are returned, not thrown;
 * a thrown error means the engine itself failed and the pipeline answers 500 `internal`.
 */
export abstract class PolicyEngine {
  abstract evaluate(input: PolicyInput): Promise<PolicyDecision>;

  /**
   * The same decision as `evaluate`, with every rule's result (API.md 5.23). Read-only like
   * `evaluate`; an engine failure before the first denial rejects, as `evaluate` would.
   */
  abstract explain(input: PolicyInput): Promise<PolicyExplanation>;
}
