import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { GitCommand, gitResult, pathArgument } from './git-command.js';
import { assertSafeRef, RefPolicy } from './git-refs.js';
import {
  booleanSchema,
  gitOutputSchema,
  inputSchema,
  stringArraySchema,
  stringSchema,
} from './git-schemas.js';
import { readBoolean, readOptionalString, readPathList } from '#app/tooling';

const TIMEOUT_SECONDS = 30;

@Tool({
  name: 'git.diff',
  description:
    'Show unstaged or staged changes, optionally against a base revision and limited to paths.',
  inputSchema: inputSchema({
    staged: booleanSchema('Diff the index instead of the working tree (`--staged`)', false),
    paths: stringArraySchema('Workspace-relative paths to limit the diff to'),
    base: stringSchema('Revision to compare against'),
  }),
  outputSchema: gitOutputSchema({ diff: 'string' }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 1,
  outputLimitKb: 1024,
  policy: { path_fields: [{ field: 'paths', multi: true, workspace_relative: true }] },
  examples: [{ staged: false, paths: ['src'] }, { base: 'main' }],
})
export class DiffTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const staged = readBoolean(ctx.args, 'staged', false);
    const base = readOptionalString(ctx.args, 'base');
    if (base !== undefined) {
      assertSafeRef('base', base);
    }
    const paths: string[] = [];
    for (const path of readPathList(ctx.args, 'paths')) {
      paths.push(pathArgument(await ctx.workspace.resolve(path)));
    }
    // Never an external diff program or a textconv filter: both run configured commands.
    const args = [
      'diff',
      '--no-ext-diff',
      '--no-textconv',
      '--no-color',
      ...(staged ? ['--staged'] : []),
    ];
    if (base !== undefined) {
      args.push('--end-of-options', base);
    }
    if (base !== undefined || paths.length > 0) {
      args.push('--', ...paths);
    }
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 1024 * 1024,
    });
    if (base !== undefined) {
      await new RefPolicy(ctx.session.metadata, git).assertLocalRef('base', base);
    }
    const run = await git.run(args);
    return gitResult(git, run, { diff: run.output });
  }
}
