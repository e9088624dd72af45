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
import { GitCommand, gitResult } from './git-command.js';
import { GIT_RUN_OUTPUT } from './git-run-output.schema.js';

const TIMEOUT_SECONDS = 20;

const GitStatusArgs = ToolArgs({
  short: Defaulted(
    Type.Boolean({
      description: 'Porcelain v1 output (`git status --porcelain=v1`) instead of the long form',
      default: true,
    }),
  ),
});

@Tool({
  name: 'git.status',
  description: 'Show the working tree status of the workspace repository.',
  inputSchema: GitStatusArgs,
  outputSchema: ToolOutput({ status: Type.String(), short: Type.Boolean(), ...GIT_RUN_OUTPUT }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 1,
  outputLimitKb: 256,
  examples: [{ short: true }],
})
export class GitStatusTool implements ToolHandler<typeof GitStatusArgs> {
  async execute(ctx: ToolContext<typeof GitStatusArgs>): Promise<ToolResult> {
    const { short } = ctx.args;
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 256 * 1024,
    });
    const run = await git.run(short ? ['status', '--porcelain=v1'] : ['status']);
    return gitResult(git, run, { status: run.output, short });
  }
}
