import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { executeTests, testToolDefinition } from './repo-test-run.js';

/** The preferred name of the test tool; `repo.run_tests` is the same tool under its older name. */
@Tool(testToolDefinition('repo.test'))
export class TestTool implements ToolHandler {
  execute(ctx: ToolContext): Promise<ToolResult> {
    return executeTests(ctx);
  }
}
