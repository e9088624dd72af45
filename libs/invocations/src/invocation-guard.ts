import type { Capability, JsonObject, Session } from '#app/contracts';
import type { WorkspaceRuntime } from '#app/workspace';

export interface GateContext {
  readonly invocationId: string;
  readonly toolName: string;
  readonly capability: Capability;
  readonly session: Session;
  readonly args: JsonObject;
  readonly approved: boolean;
  readonly workspace: WorkspaceRuntime;
}

/**
 * A tool-level guard of the invoke pipeline (API.md 6 D1–D4). It runs after the invocation record
 * exists, so a denial is recorded, audited and counted; it denies by throwing an `AppException`.
 * It may return a release callback that the pipeline calls when execution ends.
 */
export interface InvocationGuard {
  check(context: GateContext): Promise<(() => Promise<void>) | void>;
}
