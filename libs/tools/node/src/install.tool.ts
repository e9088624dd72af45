import { Type } from '@sinclair/typebox';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  LANG_OUTPUT,
  ProgramRunner,
  langResult,
  langRunOf,
} from '#app/tooling';

const TIMEOUT_SECONDS = 300;

const NodeInstallArgs = ToolArgs({
  use_ci: Defaulted(
    Type.Boolean({
      description: 'Use `npm ci` (needs package-lock.json) instead of `npm install`',
      default: true,
    }),
  ),
  ignore_scripts: Defaulted(
    Type.Boolean({
      description: 'Pass `--ignore-scripts` so no package script runs',
      default: true,
    }),
  ),
});

@Tool({
  name: 'node.install',
  description:
    'Install the npm dependencies (`npm ci` by default), lifecycle scripts off by default.',
  inputSchema: NodeInstallArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
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
export class NodeInstallTool implements ToolHandler<typeof NodeInstallArgs> {
  async execute(ctx: ToolContext<typeof NodeInstallArgs>): Promise<ToolResult> {
    const args = [
      ctx.args.use_ci ? 'ci' : 'install',
      ...(ctx.args.ignore_scripts ? ['--ignore-scripts'] : []),
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
