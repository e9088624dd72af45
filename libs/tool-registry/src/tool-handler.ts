import type { TObject } from '@sinclair/typebox';
import type { ErrorCode, JsonValue, LogLine, Session } from '#app/contracts';
import type { WorkspaceRuntime } from '#app/workspace';
import type { ArgsOf } from './kit/args-of.js';

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

/**
 * Live progress of a running invocation: each line reaches `GET /v1/invocations/{id}/events` as a
 * `log` event while the tool still runs. The record's `logs` stay what the result returns.
 */
export interface InvocationProgress {
  log(line: LogLine): void;
}

export interface ToolContext<S extends TObject = TObject> {
  readonly invocationId: string;
  /** The name as invoked: an alias keeps its own name. */
  readonly toolName: string;
  readonly session: Session;
  /** Validated against the tool's input schema, `null` members removed, schema defaults filled in. */
  readonly args: ArgsOf<S>;
  readonly approved: boolean;
  /** Fires on deadline, session close and the end of the shutdown grace period. */
  readonly signal: AbortSignal;
  /** The session's runtime: the only way to touch files or run programs. */
  readonly workspace: WorkspaceRuntime;
  /**
   * Absent where nobody listens (unit tests): report progress with `progress?.log()`. A nested
   * call gets its caller's, open until the nested call is over.
   */
  readonly progress?: InvocationProgress;
}

/** Implemented by every class decorated with `@Tool()`; `S` is the tool's args schema. */
export interface ToolHandler<S extends TObject = TObject> {
  execute(context: ToolContext<S>): Promise<ToolResult>;
}
