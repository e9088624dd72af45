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
import { GitCommand, gitResult, pathArgument } from './git-command.js';
import { refArgField } from './git-policy.js';
import { assertSafeRef, RefPolicy } from './git-refs.js';
import { GIT_RUN_OUTPUT } from './git-run-output.schema.js';

const TIMEOUT_SECONDS = 30;

const GitShowArgs = ToolArgs({
  ref: Defaulted(Type.String({ description: 'Revision to show', default: 'HEAD' })),
  path: Type.Optional(
    Type.String({ description: 'Workspace-relative path to limit the output to' }),
  ),
  stat: Defaulted(Type.Boolean({ description: 'Include the diffstat', default: true })),
  patch: Defaulted(Type.Boolean({ description: 'Include the patch', default: true })),
});

@Tool({
  name: 'git.show',
  description: 'Show a commit (message, stat and/or patch), optionally limited to one path.',
  inputSchema: GitShowArgs,
  outputSchema: ToolOutput({
    ref: Type.String(),
    path: Type.String(),
    show: Type.String(),
    ...GIT_RUN_OUTPUT,
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 1,
  outputLimitKb: 1024,
  policy: {
    path_fields: [{ field: 'path', workspace_relative: true }],
    arg_fields: [refArgField('ref')],
  },
  examples: [{ ref: 'HEAD', stat: true, patch: false }],
})
export class GitShowTool implements ToolHandler<typeof GitShowArgs> {
  async execute(ctx: ToolContext<typeof GitShowArgs>): Promise<ToolResult> {
    // An empty ref means the default too.
    const ref = ctx.args.ref || 'HEAD';
    const { path: rawPath, stat, patch } = ctx.args;
    assertSafeRef('ref', ref);
    const path = rawPath === undefined ? undefined : await ctx.workspace.resolve(rawPath);
    const args = [
      'show',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      ...showFlags(stat, patch),
    ];
    args.push('--end-of-options', ref, '--', ...(path === undefined ? [] : [pathArgument(path)]));
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 1024 * 1024,
    });
    await new RefPolicy(ctx.session.metadata, git).assertLocalRef('ref', ref);
    const run = await git.run(args);
    return gitResult(git, run, { ref, ...(path === undefined ? {} : { path }), show: run.output });
  }
}

function showFlags(stat: boolean, patch: boolean): string[] {
  if (stat && patch) {
    return [];
  }
  if (stat) {
    return ['--stat'];
  }
  return patch ? ['--patch'] : ['--pretty=fuller', '--no-patch'];
}
