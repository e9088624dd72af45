import type { JsonObject } from '#app/contracts';
import type { ToolContext, ToolResult } from './tool-handler.js';

/**
 * How a tool calls another catalog tool inside its own invocation (`ci.run_pipeline` running the
 * `repo.*` steps and `quality.gate`). The nested call is governed like a top-level one: its args are
 * validated against its schema, runtime gating and the static policy apply with the caller's
 * session and approval, and it runs under its own deadline (`constraints.timeout_seconds`) as well
 * as the caller's signal. It records nothing: the caller's invocation is the one on record.
 *
 * A tool that uses this port declares its callees with `@UsesTools()` so a missing family fails
 * startup instead of the first call.
 */
export abstract class NestedToolInvoker {
  /**
   * @returns the callee's result; a deadline that expired is a `timeout` error in it.
   * @throws AppException when the callee is refused (invalid args, runtime gating, policy) or throws one itself.
   */
  abstract invoke(caller: ToolContext, toolName: string, args: JsonObject): Promise<ToolResult>;
}
