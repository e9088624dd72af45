import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  EXTRA_ARGS_TEST,
  extractDiagnostics,
  inputSchema,
  integerSchema,
  jsonArtifact,
  outputSchema,
  readInteger,
  stringSchema,
} from '#app/tooling';
import {
  EXTRA_ARGS_SCHEMA,
  FAILED_TEST_SCHEMA,
  STRING_ARRAY,
  TARGET_SCHEMA,
} from './repo-schemas.js';
import { obtainTestOutput, runMembers } from './test-output-source.js';
import { parseTestFailures } from './test-failures.parser.js';

const TIMEOUT_SECONDS = 180;
const EXCERPT_CHARS = 4096;

@Tool({
  name: 'repo.test_failures_summary',
  description: 'Summarise failing tests from given test output or from a fresh test run.',
  inputSchema: inputSchema({
    output: stringSchema('Test output to parse instead of running the tests'),
    target: TARGET_SCHEMA,
    extra_args: EXTRA_ARGS_SCHEMA,
    max_failures: integerSchema('Failures listed at most', 1, 200, 30),
    max_diagnostics: integerSchema('Diagnostic lines listed at most', 1, 200, 30),
  }),
  outputSchema: outputSchema({
    project_type: 'string',
    source: { type: 'string', enum: ['provided_output', 'test_run'] },
    command: STRING_ARRAY,
    exit_code: 'integer',
    failed_count: 'integer',
    failed_tests: { type: 'array', items: FAILED_TEST_SCHEMA },
    diagnostics: STRING_ARRAY,
    output_excerpt: 'string',
    summary: 'string',
    output: 'string',
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
export class TestFailuresSummaryTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const source = await obtainTestOutput(ctx, TIMEOUT_SECONDS * 1000);
    const failures = parseTestFailures(
      source.text,
      readInteger(ctx.args, 'max_failures', 30, 1, 200),
    );
    const output = {
      ...runMembers(source),
      source: source.source,
      // Provided output has no exit status of its own.
      exit_code: source.run?.exit_code ?? 0,
      failed_count: failures.failed_count,
      failed_tests: failures.failed_tests.map((failure) => ({ ...failure })),
      diagnostics: extractDiagnostics(
        source.text,
        readInteger(ctx.args, 'max_diagnostics', 30, 1, 200),
      ),
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
