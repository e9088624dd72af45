import type { ErrorCode, JsonObject, JsonValue, LogLine, Session } from '#app/contracts';
import type { WorkspaceRuntime } from '#app/workspace';

/** A file a tool hands back; the pipeline persists it in the artifact store (API.md 6 E4). */
export interface ToolArtifact {
  name: string;
  content_type: string;
  data: Buffer;
}

export interface ToolErrorResult {
  code: ErrorCode;
  message: string;
  retryable?: boolean;
}

/**
 * What a handler returns (CATALOG.md 3.1). A result MAY carry an error; its output, logs and
 * artifacts are then still recorded. Handlers may also throw `AppException` for plain failures.
 */
export interface ToolResult {
  output?: JsonValue;
  logs?: LogLine[];
  artifacts?: ToolArtifact[];
  exit_code?: number;
  error?: ToolErrorResult;
}

export interface ToolContext {
  readonly invocationId: string;
  /** The name as invoked: an alias keeps its own name. */
  readonly toolName: string;
  readonly session: Session;
  /** Validated against the tool's input schema; `null` members already removed. */
  readonly args: JsonObject;
  readonly approved: boolean;
  /** Fires on deadline, session close and the end of the shutdown grace period. */
  readonly signal: AbortSignal;
  /** The session's runtime: the only way to touch files or run programs. */
  readonly workspace: WorkspaceRuntime;
}

/** Implemented by every class decorated with `@Tool()`. */
export interface ToolHandler {
  execute(context: ToolContext): Promise<ToolResult>;
}
