import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
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
const FORMAT = '--format=%(refname:short)%00%(upstream:short)%00%(objectname)%00%(HEAD)';

const GitBranchListArgs = ToolArgs({
  all: Defaulted(
    Type.Boolean({
      description: 'Local and remote-tracking branches (`-a`); wins over `remotes`',
      default: false,
    }),
  ),
  remotes: Defaulted(
    Type.Boolean({ description: 'Remote-tracking branches only (`-r`)', default: false }),
  ),
});

const Branch = Type.Object({
  name: Type.Optional(Type.String()),
  upstream: Type.Optional(Type.String()),
  commit: Type.Optional(Type.String()),
  current: Type.Optional(Type.Boolean()),
});

@Tool({
  name: 'git.branch_list',
  description: 'List local (or remote-tracking, or all) branches with upstream and tip commit.',
  inputSchema: GitBranchListArgs,
  outputSchema: ToolOutput({
    count: Type.Integer(),
    branches: Type.Array(Branch),
    ...GIT_RUN_OUTPUT,
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 1,
  outputLimitKb: 512,
  examples: [{ all: false, remotes: false }],
})
export class GitBranchListTool implements ToolHandler<typeof GitBranchListArgs> {
  async execute(ctx: ToolContext<typeof GitBranchListArgs>): Promise<ToolResult> {
    const { all, remotes } = ctx.args;
    const scope = all ? ['-a'] : remotes ? ['-r'] : [];
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 512 * 1024,
    });
    const run = await git.run(['branch', '--list', ...scope, FORMAT]);
    const branches = run.exit_code === 0 ? parseBranches(run.output) : [];
    return gitResult(git, run, { count: branches.length, branches });
  }
}

export function parseBranches(output: string): JsonObject[] {
  const branches: JsonObject[] = [];
  for (const line of output.split('\n')) {
    const fields = line.split('\0');
    if (fields.length !== 4) {
      // Blank lines and a line cut by the output cap.
      continue;
    }
    const [name, upstream, commit, head] = fields as [string, string, string, string];
    branches.push({ name, upstream, commit, current: head === '*' });
  }
  return branches;
}
