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
import { GitCommand, gitResult } from './git-command.js';
import { GIT_RUN_OUTPUT } from './git-run-output.schema.js';
import { checkPatchTargets, NUMSTAT_ARGS, parseDiff, parseNumstat } from '#app/tooling';

const TIMEOUT_SECONDS = 45;

const GitApplyPatchArgs = ToolArgs({
  patch: Type.String({ description: 'Unified diff (git or classic format)' }),
  check: Defaulted(
    Type.Boolean({
      description: 'Only check that the patch applies (`--check`); nothing changes',
      default: false,
    }),
  ),
});

@Tool({
  name: 'git.apply_patch',
  description:
    'Apply (or only check) a unified diff with git apply; every touched path is checked first.',
  inputSchema: GitApplyPatchArgs,
  outputSchema: ToolOutput({
    applied: Type.Boolean(),
    check: Type.Boolean(),
    changed_paths: Type.Array(Type.String()),
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
  outputLimitKb: 512,
  examples: [
    {
      patch: '--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-Hello\n+Hello, world\n',
      check: true,
    },
  ],
})
export class GitApplyPatchTool implements ToolHandler<typeof GitApplyPatchArgs> {
  async execute(ctx: ToolContext<typeof GitApplyPatchArgs>): Promise<ToolResult> {
    const { patch, check } = ctx.args;
    const plan = parseDiff(patch);
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 512 * 1024,
    });
    // git's own reading of the patch (same strip level as the apply) decides what is checked.
    const numstat = await git.run(NUMSTAT_ARGS, { stdin: patch, log: false });
    const gitPaths =
      numstat.exit_code === 0 && !numstat.truncated ? parseNumstat(numstat.output) : null;
    if (gitPaths === null) {
      return gitResult(
        git,
        { ...numstat, exit_code: numstat.exit_code === 0 ? 1 : numstat.exit_code },
        {
          applied: false,
          check,
          changed_paths: [],
          output: numstat.output,
        },
      );
    }
    const changedPaths = await checkPatchTargets(ctx.workspace, plan, gitPaths);
    const run = await git.run(['apply', '--whitespace=nowarn', ...(check ? ['--check'] : [])], {
      stdin: patch,
    });
    return gitResult(git, run, {
      applied: run.exit_code === 0 && !check,
      check,
      changed_paths: changedPaths,
      output: run.output,
    });
  }
}
