import type { Capability, JsonObject, Session } from '#app/contracts';
import type { ApprovedVia, TraceCarrier } from '#app/observability';
import type { RegisteredTool } from '#app/tool-registry';
import type { WorkspaceRuntime } from '#app/workspace';

/**
 * One admitted invocation (API.md 6 A5–A8): the single object every later step reads, built once by
 * {@link InvocationAdmission}. Its id is allocated at admission; the record with that id is created
 * in C1.
 */
export interface InvocationContext {
  readonly invocationId: string;
  /** The name as invoked: an alias keeps its own name. */
  readonly toolName: string;
  readonly tool: RegisteredTool;
  readonly capability: Capability;
  readonly session: Session;
  /** Validated against the tool's input schema, as sent: what policy checks and audit records. */
  readonly args: JsonObject;
  /** `args` with the schema defaults filled in: what the handler receives. */
  readonly toolArgs: JsonObject;
  /**
   * Whether the call is approved, as the handler (and its nested calls) see it. Flag mode: the
   * body's `approved`. Request mode (API.md 7.3): `false` from admission, set to `true` by the
   * approval gate once it consumed the approval request; the body's flag is in `approval`.
   */
  approved: boolean;
  /** How the approval was obtained when not from the REST body (audit `approved_via`). */
  readonly approvedVia?: ApprovedVia;
  readonly approval: InvocationApproval;
  /** `"async": true` in the body: answered 202 once the gates pass, the tool running on (5.10). */
  readonly async: boolean;
  /** Empty when the request carries none. */
  readonly correlationId: string;
  /** Request headers, for the W3C trace context of the invocation span. */
  readonly traceCarrier: TraceCarrier;
  readonly workspace: WorkspaceRuntime;
}

/** The approval part of the invoke body and what the gates decided about it (API.md 7.3). */
export interface InvocationApproval {
  /** The body's `approved` flag, whatever the mode. */
  readonly flag: boolean;
  /** The body's `approval_id`, trimmed; `''` when none. */
  readonly id: string;
  /**
   * Request mode: set by D3 when the approval request `id` was found approved for this call; the
   * approval gate after D4 then consumes it, so a concurrency refusal does not use it up.
   */
  consume: boolean;
}
