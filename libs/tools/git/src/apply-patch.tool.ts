import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import type { WorkspaceRuntime } from '#app/workspace';
import { GitCommand, gitResult } from './git-command.js';
import { booleanSchema, gitOutputSchema, inputSchema, STRING_ARRAY } from './git-schemas.js';
import { collectDiffPaths, readBoolean, readString } from '#app/tooling';

const TIMEOUT_SECONDS = 45;

@Tool({
  name: 'git.apply_patch',
  description: 'Apply (or only check) a unified diff with git apply; every touched path is checked first.',
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
    { patch: '--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-Hello\n+Hello, world\n', check: true },
  ],
})
export class ApplyPatchTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const patch = readString(ctx.args, 'patch');
    const check = readBoolean(ctx.args, 'check', false);
    // Before git runs: lexical path rules, then the full resolver (allowed_paths, symlink escapes).
    const changedPaths = await resolvePatchPaths(ctx.workspace, collectDiffPaths(patch));
    const git = new GitCommand(ctx, { timeoutSeconds: TIMEOUT_SECONDS, outputCapBytes: 512 * 1024 });
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

async function resolvePatchPaths(workspace: WorkspaceRuntime, paths: string[]): Promise<string[]> {
  const resolved = new Set<string>();
  for (const path of paths) {
    try {
      resolved.add(await workspace.resolve(path));
    } catch (error) {
      if (error instanceof AppException && error.code === 'policy_denied') {
        throw new AppException('policy_denied', 'patch touches paths outside allowed_paths', { cause: error });
      }
      throw error;
    }
  }
  return [...resolved].sort();
}
