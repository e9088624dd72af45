import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { GitCommand, gitResult } from './git-command.js';
import { booleanSchema, gitOutputSchema, inputSchema, STRING_ARRAY } from './git-schemas.js';
import {
  checkPatchTargets,
  NUMSTAT_ARGS,
  parseDiff,
  parseNumstat,
  readBoolean,
  readString,
} from '#app/tooling';

const TIMEOUT_SECONDS = 45;

@Tool({
  name: 'git.apply_patch',
  description:
    'Apply (or only check) a unified diff with git apply; every touched path is checked first.',
  inputSchema: inputSchema(
    {
      patch: { type: 'string', description: 'Unified diff (git or classic format)' },
      check: booleanSchema('Only check that the patch applies (`--check`); nothing changes', false),
    },
    ['patch'],
  ),
  outputSchema: gitOutputSchema({
    applied: 'boolean',
    check: 'boolean',
    changed_paths: STRING_ARRAY,
    output: 'string',
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
export class ApplyPatchTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const patch = readString(ctx.args, 'patch');
    const check = readBoolean(ctx.args, 'check', false);
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
