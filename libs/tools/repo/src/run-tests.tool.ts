import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { executeTests, testToolDefinition } from './repo-test-run.js';

/** Separate catalog tool (not an alias entry) sharing `repo.test`'s handler and metadata. */
@Tool(testToolDefinition('repo.run_tests'))
export class RunTestsTool implements ToolHandler {
  execute(ctx: ToolContext): Promise<ToolResult> {
    return executeTests(ctx);
  }
}
