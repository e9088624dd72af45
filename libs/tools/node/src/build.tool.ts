import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { type NpmScriptArgs, npmScriptDefinition, runNpmScript } from './npm-script.js';

@Tool(npmScriptDefinition('build'))
export class NodeBuildTool implements ToolHandler<typeof NpmScriptArgs> {
  execute(ctx: ToolContext<typeof NpmScriptArgs>): Promise<ToolResult> {
    return runNpmScript(ctx, 'build');
  }
}
