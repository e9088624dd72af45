import type { JsonObject } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { GitCommand, gitResult } from './git-command.js';
import { booleanSchema, gitOutputSchema, inputSchema } from './git-schemas.js';
import { readBoolean } from '#app/tooling';

const TIMEOUT_SECONDS = 20;
const FORMAT = '--format=%(refname:short)%00%(upstream:short)%00%(objectname)%00%(HEAD)';

const BRANCH_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    upstream: { type: 'string' },
    commit: { type: 'string' },
    current: { type: 'boolean' },
  },
};

@Tool({
  name: 'git.branch_list',
  description: 'List local (or remote-tracking, or all) branches with upstream and tip commit.',
  inputSchema: inputSchema({
    all: booleanSchema('Local and remote-tracking branches (`-a`); wins over `remotes`', false),
    remotes: booleanSchema('Remote-tracking branches only (`-r`)', false),
  }),
  outputSchema: gitOutputSchema({
    count: 'integer',
    branches: { type: 'array', items: BRANCH_SCHEMA },
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
export class BranchListTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const all = readBoolean(ctx.args, 'all', false);
    const remotes = readBoolean(ctx.args, 'remotes', false);
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
