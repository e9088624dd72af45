import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { npmScriptDefinition, runNpmScript } from './npm-script.js';

@Tool(npmScriptDefinition('lint'))
export class NodeLintTool implements ToolHandler {
  execute(ctx: ToolContext): Promise<ToolResult> {
    return runNpmScript(ctx, 'lint');
  }
}
