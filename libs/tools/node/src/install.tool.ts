import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  LANG_OUTPUT,
  ProgramRunner,
  booleanSchema,
  inputSchema,
  langResult,
  langRunOf,
  outputSchema,
  readBoolean,
} from '#app/tooling';

const TIMEOUT_SECONDS = 300;

@Tool({
  name: 'node.install',
  description:
    'Install the npm dependencies (`npm ci` by default), lifecycle scripts off by default.',
  inputSchema: inputSchema({
    use_ci: booleanSchema('Use `npm ci` (needs package-lock.json) instead of `npm install`', true),
    ignore_scripts: booleanSchema('Pass `--ignore-scripts` so no package script runs', true),
  }),
  outputSchema: outputSchema({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  preconditions: ['The workspace root holds a package.json (and a package-lock.json for `npm ci`)'],
})
export class NodeInstallTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const args = [
      readBoolean(ctx.args, 'use_ci', true) ? 'ci' : 'install',
      ...(readBoolean(ctx.args, 'ignore_scripts', true) ? ['--ignore-scripts'] : []),
    ];
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    // The registry is reached over the network: the one node tool a sandbox lets online.
    const run = await programs.run('npm', args, { network: true });
    return langResult(langRunOf(run), {
      toolName: 'node.install',
      maxDiagnostics: 80,
      logs: programs.logs,
    });
  }
}
