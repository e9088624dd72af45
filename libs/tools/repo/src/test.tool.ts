import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { type RepoTestArgs, executeTests, testToolDefinition } from './repo-test-run.js';

/** The preferred name of the test tool; `repo.run_tests` is the same tool under its older name. */
@Tool(testToolDefinition('repo.test'))
export class RepoTestTool implements ToolHandler<typeof RepoTestArgs> {
  execute(ctx: ToolContext<typeof RepoTestArgs>): Promise<ToolResult> {
    return executeTests(ctx);
  }
}
