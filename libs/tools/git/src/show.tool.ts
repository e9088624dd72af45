import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { GitCommand, gitResult, pathArgument } from './git-command.js';
import { assertSafeRef, RefPolicy } from './git-refs.js';
import {
  booleanSchema,
  gitOutputSchema,
  inputSchema,
  refArgField,
  stringSchema,
} from './git-schemas.js';
import { readBoolean, readOptionalString, readString } from '#app/tooling';

const TIMEOUT_SECONDS = 30;

@Tool({
  name: 'git.show',
  description: 'Show a commit (message, stat and/or patch), optionally limited to one path.',
  inputSchema: inputSchema({
    ref: stringSchema('Revision to show', 'HEAD'),
    path: stringSchema('Workspace-relative path to limit the output to'),
    stat: booleanSchema('Include the diffstat', true),
    patch: booleanSchema('Include the patch', true),
  }),
  outputSchema: gitOutputSchema({ ref: 'string', path: 'string', show: 'string' }),
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
export class ShowTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const ref = readString(ctx.args, 'ref', 'HEAD') || 'HEAD';
    const rawPath = readOptionalString(ctx.args, 'path');
    const stat = readBoolean(ctx.args, 'stat', true);
    const patch = readBoolean(ctx.args, 'patch', true);
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
