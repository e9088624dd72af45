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
  name: 'git.pull',
  description:
    'Fetch from an allowlisted remote and integrate into the current branch (merge or rebase).',
  inputSchema: inputSchema({
    remote: stringSchema('Remote name or URL', 'origin'),
    refspec: stringSchema('What to pull, `<src>[:<dst>]`'),
    rebase: booleanSchema('Rebase instead of merging (`--rebase`)', false),
  }),
  outputSchema: gitOutputSchema({
    remote: 'string',
    refspec: 'string',
    pulled: 'boolean',
    output: 'string',
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
export class PullTool implements ToolHandler {
  constructor(private readonly config: AppConfig) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const remote = readOptionalString(ctx.args, 'remote') ?? 'origin';
    const refspec = readOptionalString(ctx.args, 'refspec');
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
    const rebase = readBoolean(ctx.args, 'rebase', false) ? ['--rebase'] : [];
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
