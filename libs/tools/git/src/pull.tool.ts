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

const GitPullArgs = ToolArgs({
  remote: Defaulted(Type.String({ description: 'Remote name or URL', default: 'origin' })),
  refspec: Type.Optional(Type.String({ description: 'What to pull, `<src>[:<dst>]`' })),
  rebase: Defaulted(
    Type.Boolean({ description: 'Rebase instead of merging (`--rebase`)', default: false }),
  ),
});

@Tool({
  name: 'git.pull',
  description:
    'Fetch from an allowlisted remote and integrate into the current branch (merge or rebase).',
  inputSchema: GitPullArgs,
  outputSchema: ToolOutput({
    remote: Type.String(),
    refspec: Type.String(),
    pulled: Type.Boolean(),
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
  examples: [{ remote: 'origin', refspec: 'main', rebase: true }],
})
export class GitPullTool implements ToolHandler<typeof GitPullArgs> {
  constructor(private readonly config: AppConfig) {}

  async execute(ctx: ToolContext<typeof GitPullArgs>): Promise<ToolResult> {
    const { remote, refspec } = ctx.args;
    checkRemoteAndRefspec(ctx.session.metadata, remote, refspec);
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 1024 * 1024,
    });
    const refs = new RefPolicy(ctx.session.metadata, git);
    const checked = await refs.refspec('fetch', refspec);
    await refs.assertCurrentBranch();
    const target = [
      ...refs.fetchOptions(false),
      '--end-of-options',
      remote,
      ...(checked === undefined ? [] : [checked]),
    ];
    const remotePlan = await planRemote(git, ctx, remotePolicyOf(this.config), remote, 'read');
    const rebase = ctx.args.rebase ? ['--rebase'] : [];
    const run = await git.run(['pull', ...rebase, ...remotePlan.options, ...target], {
      network: true,
      extraMounts: remotePlan.mounts,
    });
    return gitResult(git, run, {
      remote,
      ...(refspec === undefined ? {} : { refspec }),
      pulled: run.exit_code === 0,
      output: run.output,
    });
  }
}
