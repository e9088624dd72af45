import { AppConfig } from '#app/config';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { GitCommand, gitResult } from './git-command.js';
import { checkRemoteAndRefspec, RefPolicy } from './git-refs.js';
import { planRemote, remotePolicyOf } from './git-remote.js';
import {
  booleanSchema,
  GIT_REMOTE_POLICY,
  gitOutputSchema,
  inputSchema,
  stringSchema,
} from './git-schemas.js';
import { readBoolean, readOptionalString } from '#app/tooling';

const TIMEOUT_SECONDS = 60;

@Tool({
  name: 'git.push',
  description: 'Push commits to an allowlisted remote.',
  inputSchema: inputSchema({
    remote: stringSchema('Remote name or URL', 'origin'),
    refspec: stringSchema('What to push, `<src>[:<dst>]`'),
    set_upstream: booleanSchema('Record the upstream (`--set-upstream`)', false),
    force_with_lease: booleanSchema(
      'Overwrite the remote ref if it is still where we saw it',
      false,
    ),
  }),
  outputSchema: gitOutputSchema({
    remote: 'string',
    refspec: 'string',
    pushed: 'boolean',
    output: 'string',
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
export class PushTool implements ToolHandler {
  constructor(private readonly config: AppConfig) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const remote = readOptionalString(ctx.args, 'remote') ?? 'origin';
    const refspec = readOptionalString(ctx.args, 'refspec');
    checkRemoteAndRefspec(ctx.session.metadata, remote, refspec);
    const flags = [
      ...(readBoolean(ctx.args, 'set_upstream', false) ? ['--set-upstream'] : []),
      ...(readBoolean(ctx.args, 'force_with_lease', false) ? ['--force-with-lease'] : []),
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
