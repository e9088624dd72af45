import { Type } from '@sinclair/typebox';
import { AppConfig } from '#app/config';
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
import { GIT_REMOTE_POLICY } from './git-policy.js';
import { checkRemoteAndRefspec, RefPolicy } from './git-refs.js';
import { planRemote, remotePolicyOf } from './git-remote.js';
import { GIT_RUN_OUTPUT } from './git-run-output.schema.js';

const TIMEOUT_SECONDS = 60;

const GitFetchArgs = ToolArgs({
  remote: Defaulted(Type.String({ description: 'Remote name or URL', default: 'origin' })),
  refspec: Type.Optional(Type.String({ description: 'What to fetch, `<src>[:<dst>]`' })),
  prune: Defaulted(
    Type.Boolean({
      description: 'Remove remote-tracking refs that no longer exist (`--prune`)',
      default: false,
    }),
  ),
  tags: Defaulted(Type.Boolean({ description: 'Fetch all tags (`--tags`)', default: false })),
});

@Tool({
  name: 'git.fetch',
  description: 'Fetch refs and objects from an allowlisted remote.',
  inputSchema: GitFetchArgs,
  outputSchema: ToolOutput({
    remote: Type.String(),
    refspec: Type.String(),
    fetched: Type.Boolean(),
    output: Type.String(),
    ...GIT_RUN_OUTPUT,
  }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  preconditions: ['The remote is listed in metadata `allowed_git_remotes` (when set)'],
  policy: GIT_REMOTE_POLICY,
  examples: [{ remote: 'origin', prune: true }],
})
export class GitFetchTool implements ToolHandler<typeof GitFetchArgs> {
  constructor(private readonly config: AppConfig) {}

  async execute(ctx: ToolContext<typeof GitFetchArgs>): Promise<ToolResult> {
    const { remote, refspec, prune, tags } = ctx.args;
    checkRemoteAndRefspec(ctx.session.metadata, remote, refspec);
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 1024 * 1024,
    });
    const refs = new RefPolicy(ctx.session.metadata, git);
    const checked = await refs.refspec('fetch', refspec);
    const flags = [
      ...(prune ? ['--prune'] : []),
      ...(tags ? ['--tags'] : []),
      ...refs.fetchOptions(tags),
    ];
    const target = ['--end-of-options', remote, ...(checked === undefined ? [] : [checked])];
    const remotePlan = await planRemote(git, ctx, remotePolicyOf(this.config), remote, 'read');
    const run = await git.run(['fetch', ...flags, ...remotePlan.options, ...target], {
      network: true,
      extraMounts: remotePlan.mounts,
    });
    return gitResult(git, run, {
      remote,
      ...(refspec === undefined ? {} : { refspec }),
      fetched: run.exit_code === 0,
      output: run.output,
    });
  }
}
