import { Type } from '@sinclair/typebox';
import {
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolDefinition,
  type ToolResult,
} from '#app/tool-registry';
import { EXTRA_ARGS_TEST, extractDiagnostics } from '#app/tooling';
import { runRepoCommand } from './repo-command.js';
import {
  COMMAND_OUTPUT_MEMBERS,
  ExtraArgsArg,
  FailedTestOutput,
  StringList,
  TargetArg,
} from './repo-command.schema.js';
import { commandOutput, commandResult, outputArtifact } from './repo-result.js';
import { parseTestFailures } from './test-failures.parser.js';

const TIMEOUT_SECONDS = 180;

/** The args of `repo.test` and `repo.run_tests`. */
export const RepoTestArgs = ToolArgs({
  target: Type.Optional(TargetArg),
  extra_args: ExtraArgsArg,
});

/** `repo.test` and `repo.run_tests` share this definition and handler (CATALOG.md 6). */
export function testToolDefinition(
  name: 'repo.test' | 'repo.run_tests',
): ToolDefinition<typeof RepoTestArgs> {
  return {
    name,
    description: 'Run the project test suite with its detected toolchain.',
    inputSchema: RepoTestArgs,
    outputSchema: ToolOutput({
      ...COMMAND_OUTPUT_MEMBERS,
      failed_count: Type.Integer(),
      failed_tests: Type.Array(FailedTestOutput),
      diagnostics: StringList,
    }),
    scope: 'repo',
    sideEffects: 'reversible',
    riskLevel: 'medium',
    requiresApproval: false,
    idempotency: 'best-effort',
    timeoutSeconds: TIMEOUT_SECONDS,
    maxRetries: 0,
    outputLimitKb: 2048,
    policy: { arg_fields: [EXTRA_ARGS_TEST] },
    examples: [{}, { target: './pkg/...', extra_args: ['-run=TestParse', '-count=1'] }],
  };
}

/**
 * Runs the matrix test command. Failing tests are `execution_failed` with the result kept; the
 * output also carries the recognised failures (`failed_count`, `failed_tests`, undeclared in the
 * catalog's member list but declared in the schema) so callers need no second call.
 */
export async function executeTests(ctx: ToolContext<typeof RepoTestArgs>): Promise<ToolResult> {
  const run = await runRepoCommand(ctx, 'test', {
    target: ctx.args.target,
    extraArgs: ctx.args.extra_args,
    purpose: 'test',
    timeoutMs: TIMEOUT_SECONDS * 1000,
  });
  const failures = parseTestFailures(run.output, 30);
  const output = {
    ...commandOutput('tests', run),
    failed_count: failures.failed_count,
    failed_tests: failures.failed_tests,
    diagnostics: extractDiagnostics(run.output, 30),
  };
  return commandResult(output, run, [outputArtifact('test-output.txt', run)]);
}
