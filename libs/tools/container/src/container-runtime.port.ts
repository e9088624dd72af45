import type { ToolContext, ToolResult } from '#app/tool-registry';
import type { ContainerCall } from './container-call.js';

/**
 * Where a session's `container.*` calls run (CATALOG.md 18): the local container CLI with its
 * synthetic fallback, or the session's task pods. `ContainerToolsModule` binds it once from the
 * workspace backend (`WORKSPACE_BACKEND`), so a tool describes its verb for both and never asks
 * which kind of session it serves.
 */
export abstract class ContainerRuntime {
  /** Runs one call; input checks happen before, in the tool. */
  abstract runCall(ctx: ToolContext, call: ContainerCall): Promise<ToolResult>;
}
