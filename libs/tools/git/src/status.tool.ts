import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { GitCommand, gitResult } from './git-command.js';
import { booleanSchema, gitOutputSchema, inputSchema } from './git-schemas.js';
import { readBoolean } from '#app/tooling';

const TIMEOUT_SECONDS = 20;

@Tool({
  name: 'git.status',
  description: 'Show the working tree status of the workspace repository.',
  inputSchema: inputSchema({
    short: booleanSchema(
      'Porcelain v1 output (`git status --porcelain=v1`) instead of the long form',
      true,
    ),
  }),
  outputSchema: gitOutputSchema({ status: 'string', short: 'boolean' }),
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
export class StatusTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const short = readBoolean(ctx.args, 'short', true);
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 256 * 1024,
    });
    const run = await git.run(short ? ['status', '--porcelain=v1'] : ['status']);
    return gitResult(git, run, { status: run.output, short });
  }
}
