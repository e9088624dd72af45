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
import { assertSafeRef, RefPolicy } from './git-refs.js';
import { GIT_RUN_OUTPUT } from './git-run-output.schema.js';

const TIMEOUT_SECONDS = 30;

const GitDiffArgs = ToolArgs({
  staged: Defaulted(
    Type.Boolean({
      description: 'Diff the index instead of the working tree (`--staged`)',
      default: false,
    }),
  ),
  paths: Defaulted(
    Type.Array(Type.String(), {
      description: 'Workspace-relative paths to limit the diff to',
      default: [],
    }),
  ),
  base: Type.Optional(Type.String({ description: 'Revision to compare against' })),
});

@Tool({
  name: 'git.diff',
  description:
    'Show unstaged or staged changes, optionally against a base revision and limited to paths.',
  inputSchema: GitDiffArgs,
  outputSchema: ToolOutput({ diff: Type.String(), ...GIT_RUN_OUTPUT }),
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
export class GitDiffTool implements ToolHandler<typeof GitDiffArgs> {
  async execute(ctx: ToolContext<typeof GitDiffArgs>): Promise<ToolResult> {
    const { staged, base } = ctx.args;
    if (base !== undefined) {
      assertSafeRef('base', base);
    }
    const paths: string[] = [];
    // Empty items select nothing (CATALOG.md 5 `git.diff`): dropped, as path lists always were.
    for (const path of ctx.args.paths.filter((p) => p !== '')) {
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
