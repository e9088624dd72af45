import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { type RepoTestArgs, executeTests, testToolDefinition } from './repo-test-run.js';

/** Separate catalog tool (not an alias entry) sharing `repo.test`'s handler and metadata. */
@Tool(testToolDefinition('repo.run_tests'))
export class RepoRunTestsTool implements ToolHandler<typeof RepoTestArgs> {
  execute(ctx: ToolContext<typeof RepoTestArgs>): Promise<ToolResult> {
    return executeTests(ctx);
  }
}
