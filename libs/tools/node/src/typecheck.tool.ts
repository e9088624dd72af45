import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { npmScriptDefinition, runNpmScript } from './npm-script.js';

@Tool(npmScriptDefinition('typecheck'))
export class NodeTypecheckTool implements ToolHandler {
  execute(ctx: ToolContext): Promise<ToolResult> {
    return runNpmScript(ctx, 'typecheck');
  }
}
