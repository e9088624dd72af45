import type { Capability, JsonObject, Session } from '#app/contracts';
import type { TraceCarrier } from '#app/observability';
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
  readonly approved: boolean;
  /** `"async": true` in the body: answered 202 once the gates pass, the tool running on (5.10). */
  readonly async: boolean;
  /** Empty when the request carries none. */
  readonly correlationId: string;
  /** Request headers, for the W3C trace context of the invocation span. */
  readonly traceCarrier: TraceCarrier;
  readonly workspace: WorkspaceRuntime;
}
