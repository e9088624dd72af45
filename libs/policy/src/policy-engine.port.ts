import type { Capability, JsonObject, Session } from '#app/contracts';
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

/**
 * Decides whether an invocation may run (pipeline step D3). Denials are returned, not thrown;
 * a thrown error means the engine itself failed and the pipeline answers 500 `internal`.
 */
export abstract class PolicyEngine {
  abstract evaluate(input: PolicyInput): Promise<PolicyDecision>;
}
