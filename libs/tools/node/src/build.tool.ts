import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { npmScriptDefinition, runNpmScript } from './npm-script.js';

@Tool(npmScriptDefinition('build'))
export class NodeBuildTool implements ToolHandler {
  execute(ctx: ToolContext): Promise<ToolResult> {
    return runNpmScript(ctx, 'build');
  }
}
