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
  name: 'git.fetch',
  description: 'Fetch refs and objects from an allowlisted remote.',
  inputSchema: inputSchema({
    remote: stringSchema('Remote name or URL', 'origin'),
    refspec: stringSchema('What to fetch, `<src>[:<dst>]`'),
    prune: booleanSchema('Remove remote-tracking refs that no longer exist (`--prune`)', false),
    tags: booleanSchema('Fetch all tags (`--tags`)', false),
  }),
  outputSchema: gitOutputSchema({
    remote: 'string',
    refspec: 'string',
    fetched: 'boolean',
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
  examples: [{ remote: 'origin', prune: true }],
})
export class FetchTool implements ToolHandler {
  constructor(private readonly config: AppConfig) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const remote = readOptionalString(ctx.args, 'remote') ?? 'origin';
    const refspec = readOptionalString(ctx.args, 'refspec');
    checkRemoteAndRefspec(ctx.session.metadata, remote, refspec);
    const tags = readBoolean(ctx.args, 'tags', false);
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 1024 * 1024,
    });
    const refs = new RefPolicy(ctx.session.metadata, git);
    const checked = await refs.refspec('fetch', refspec);
    const flags = [
      ...(readBoolean(ctx.args, 'prune', false) ? ['--prune'] : []),
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
