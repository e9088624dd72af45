import { dirname } from 'node:path';

import { Type } from '@sinclair/typebox';
import {
  Defaulted,
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolErrorResult,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import type { ExecResult } from '#app/workspace';
import { AppException } from '#app/errors';
import { checkPatchTargets, NUMSTAT_ARGS, parseDiff, parseNumstat } from '#app/tooling';

export const PATCH_OUTPUT_CAP_BYTES = 1_048_576;
const PATCH_TIMEOUT_MS = 45_000;
const FAILURE_TAIL_CHARS = 2000;
// A GIT_DIR that never exists: git apply then works as a plain patch program on the cwd.
const NO_REPOSITORY = '/nonexistent/fs-patch-has-no-repository';
const REPOSITORY_COMMAND_KEYS =
  '^(filter\\..+\\.(clean|smudge|process)|merge\\..+\\.driver|diff\\.external|diff\\..+\\.(textconv|command))$';

const PatchArgs = ToolArgs({
  unified_diff: Type.String({ description: 'Unified diff (git or classic format)' }),
  strategy: Defaulted(
    StringEnum(['apply', 'reject_on_conflict'], {
      description:
        '`apply` falls back to a three-way merge; `reject_on_conflict` fails on any conflict',
      default: 'reject_on_conflict',
    }),
  ),
});

@Tool({
  name: 'fs.patch',
  description:
    'Apply a unified diff to the workspace with git apply; every touched path is checked first.',
  inputSchema: PatchArgs,
  outputSchema: ToolOutput({
    applied: Type.Boolean(),
    strategy: Type.String(),
    changed_paths: Type.Array(Type.String()),
    output: Type.String(),
  }),
  scope: 'workspace',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: 45,
  maxRetries: 0,
  outputLimitKb: 1024,
  examples: [
    {
      unified_diff: '--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-Hello\n+Hello, world\n',
      strategy: 'reject_on_conflict',
    },
  ],
})
export class FsPatchTool implements ToolHandler<typeof PatchArgs> {
  async execute({
    args,
    session,
    signal,
    workspace,
  }: ToolContext<typeof PatchArgs>): Promise<ToolResult> {
    const diff = args.unified_diff;
    const strategy = args.strategy;
    const plan = parseDiff(diff);
    const threeWay = strategy === 'apply';
    const run = (gitArgs: readonly string[]): Promise<ExecResult> =>
      workspace.exec('git', gitArgs, {
        stdin: diff,
        timeoutMs: PATCH_TIMEOUT_MS,
        outputCapBytes: PATCH_OUTPUT_CAP_BYTES,
        signal,
        // Keeps git from adopting a repository that merely encloses the workspace. Without --3way
        // no repository is needed at all: git then reads no repository config, so filter drivers a
        // caller wrote into .git/config (git apply runs smudge) never run.
        env: {
          GIT_CEILING_DIRECTORIES: dirname(session.workspace_path),
          ...(threeWay ? {} : { GIT_DIR: NO_REPOSITORY }),
        },
      });
    if (threeWay) {
      await refuseRepositoryCommands(run);
    }
    // git's own reading of the patch (same strip level as the apply) decides what is checked.
    const numstat = await run(NUMSTAT_ARGS);
    const gitPaths =
      numstat.exit_code === 0 && !numstat.truncated ? parseNumstat(numstat.output) : null;
    if (gitPaths === null) {
      const output = { applied: false, strategy, changed_paths: [], output: numstat.output };
      const exitCode = numstat.exit_code === 0 ? 1 : numstat.exit_code;
      return { output, exit_code: exitCode, error: failureOf({ ...numstat, exit_code: exitCode }) };
    }
    const changedPaths = await checkPatchTargets(workspace, plan, gitPaths);
    const result = await run(['apply', '--whitespace=nowarn', ...(threeWay ? ['--3way'] : [])]);
    const applied = result.exit_code === 0 && result.start_error === undefined;
    const output = { applied, strategy, changed_paths: changedPaths, output: result.output };
    const error = applied ? undefined : failureOf(result);
    return { output, exit_code: result.exit_code, ...(error === undefined ? {} : { error }) };
  }
}

/**
 * --3way needs the workspace repository, whose config the caller can write: filter and merge
 * drivers there are commands git apply would run. Refused rather than run (fail closed).
 */
async function refuseRepositoryCommands(
  run: (gitArgs: readonly string[]) => Promise<ExecResult>,
): Promise<void> {
  const probe = await run([
    'config',
    '--null',
    '--show-scope',
    '--get-regexp',
    REPOSITORY_COMMAND_KEYS,
  ]);
  if (probe.exit_code === 1 && probe.output === '') {
    return;
  }
  const fields = probe.output.split('\0');
  const keys: string[] = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] === 'local' || fields[index] === 'worktree') {
      keys.push(fields[index + 1].split('\n', 1)[0]);
    }
  }
  if (probe.exit_code !== 0 || keys.length > 0) {
    const named = keys.length > 0 ? keys.join(', ') : probe.output.trim().slice(-200);
    throw new AppException(
      'policy_denied',
      `repository config defines commands git apply would run: ${named}`,
    );
  }
}

function failureOf(result: ExecResult): ToolErrorResult {
  if (result.start_error !== undefined) {
    return {
      code: 'execution_failed',
      message: result.start_error.includes('not found')
        ? 'command not available: git'
        : result.start_error,
    };
  }
  if (result.timed_out) {
    return { code: 'timeout', message: 'command timed out: git apply', retryable: true };
  }
  const tail = result.output.trim().slice(-FAILURE_TAIL_CHARS);
  return { code: 'execution_failed', message: `command failed: ${tail}` };
}
