import { Type } from '@sinclair/typebox';
import {
  Defaulted,
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { EXTRA_ARGS_TEST, extractDiagnostics, jsonArtifact } from '#app/tooling';
import { ExtraArgsArg, FailedTestOutput, StringList, TargetArg } from './repo-command.schema.js';
import { obtainTestOutput, runMembers } from './test-output-source.js';
import { parseTestFailures } from './test-failures.parser.js';

const TIMEOUT_SECONDS = 180;
const EXCERPT_CHARS = 4096;

const RepoTestFailuresSummaryArgs = ToolArgs({
  output: Type.Optional(
    Type.String({ description: 'Test output to parse instead of running the tests' }),
  ),
  target: Type.Optional(TargetArg),
  extra_args: ExtraArgsArg,
  max_failures: Defaulted(
    Type.Integer({ description: 'Failures listed at most', minimum: 1, maximum: 200, default: 30 }),
  ),
  max_diagnostics: Defaulted(
    Type.Integer({
      description: 'Diagnostic lines listed at most',
      minimum: 1,
      maximum: 200,
      default: 30,
    }),
  ),
});

@Tool({
  name: 'repo.test_failures_summary',
  description: 'Summarise failing tests from given test output or from a fresh test run.',
  inputSchema: RepoTestFailuresSummaryArgs,
  outputSchema: ToolOutput({
    project_type: Type.String(),
    source: StringEnum(['provided_output', 'test_run']),
    command: StringList,
    exit_code: Type.Integer(),
    failed_count: Type.Integer(),
    failed_tests: Type.Array(FailedTestOutput),
    diagnostics: StringList,
    output_excerpt: Type.String(),
    summary: Type.String(),
    output: Type.String(),
  }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: { arg_fields: [EXTRA_ARGS_TEST] },
  examples: [
    {},
    { output: '--- FAIL: TestParse (0.00s)\nFAIL\texample.com/pkg\t0.01s', max_failures: 10 },
  ],
})
export class RepoTestFailuresSummaryTool implements ToolHandler<
  typeof RepoTestFailuresSummaryArgs
> {
  async execute(ctx: ToolContext<typeof RepoTestFailuresSummaryArgs>): Promise<ToolResult> {
    const source = await obtainTestOutput(ctx, ctx.args, TIMEOUT_SECONDS * 1000);
    const failures = parseTestFailures(source.text, ctx.args.max_failures);
    const output = {
      ...runMembers(source),
      source: source.source,
      // Provided output has no exit status of its own.
      exit_code: source.run?.exit_code ?? 0,
      failed_count: failures.failed_count,
      failed_tests: failures.failed_tests.map((failure) => ({ ...failure })),
      diagnostics: extractDiagnostics(source.text, ctx.args.max_diagnostics),
      output_excerpt: source.text.slice(0, EXCERPT_CHARS),
      summary:
        failures.failed_count > 0
          ? `${failures.failed_count} failing tests found`
          : 'no failing tests found',
      output: source.text,
    };
    return {
      output,
      logs: source.logs,
      artifacts: [jsonArtifact('test-failures-summary.json', output)],
      ...(source.run === undefined ? {} : { exit_code: source.run.exit_code }),
      ...(source.error === undefined ? {} : { error: source.error }),
    };
  }
}
