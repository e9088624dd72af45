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

const GitPushArgs = ToolArgs({
  remote: Defaulted(Type.String({ description: 'Remote name or URL', default: 'origin' })),
  refspec: Type.Optional(Type.String({ description: 'What to push, `<src>[:<dst>]`' })),
  set_upstream: Defaulted(
    Type.Boolean({ description: 'Record the upstream (`--set-upstream`)', default: false }),
  ),
  force_with_lease: Defaulted(
    Type.Boolean({
      description: 'Overwrite the remote ref if it is still where we saw it',
      default: false,
    }),
  ),
});

@Tool({
  name: 'git.push',
  description: 'Push commits to an allowlisted remote.',
  inputSchema: GitPushArgs,
  outputSchema: ToolOutput({
    remote: Type.String(),
    refspec: Type.String(),
    pushed: Type.Boolean(),
    output: Type.String(),
    ...GIT_RUN_OUTPUT,
  }),
  scope: 'repo',
  sideEffects: 'irreversible',
  riskLevel: 'high',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  preconditions: ['The remote is listed in metadata `allowed_git_remotes` (when set)'],
  policy: GIT_REMOTE_POLICY,
  examples: [{ remote: 'origin', refspec: 'feature/login', set_upstream: true }],
})
export class GitPushTool implements ToolHandler<typeof GitPushArgs> {
  constructor(private readonly config: AppConfig) {}

  async execute(ctx: ToolContext<typeof GitPushArgs>): Promise<ToolResult> {
    const { remote, refspec } = ctx.args;
    checkRemoteAndRefspec(ctx.session.metadata, remote, refspec);
    const flags = [
      ...(ctx.args.set_upstream ? ['--set-upstream'] : []),
      ...(ctx.args.force_with_lease ? ['--force-with-lease'] : []),
    ];
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 1024 * 1024,
    });
    const remotePlan = await planRemote(git, ctx, remotePolicyOf(this.config), remote, 'write');
    const checked = await new RefPolicy(ctx.session.metadata, git).refspec('push', refspec);
    const target = ['--end-of-options', remote, ...(checked === undefined ? [] : [checked])];
    const run = await git.run(['push', ...flags, ...remotePlan.options, ...target], {
      network: true,
      extraMounts: remotePlan.mounts,
    });
    return gitResult(git, run, {
      remote,
      ...(refspec === undefined ? {} : { refspec }),
      pushed: run.exit_code === 0,
      output: run.output,
    });
  }
}
