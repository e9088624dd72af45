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
import { EXTRA_ARGS_SCHEMA, STRING_ARRAY, TARGET_SCHEMA } from './repo-schemas.js';
import { parseStackTraces } from './stacktrace.parser.js';
import { obtainTestOutput, runMembers } from './test-output-source.js';

const TIMEOUT_SECONDS = 180;

@Tool({
  name: 'repo.stacktrace_summary',
  description:
    'Extract stack traces (go, python, java, rust panics) from given output or a test run.',
  inputSchema: inputSchema({
    output: stringSchema('Output to parse instead of running the tests'),
    target: TARGET_SCHEMA,
    extra_args: EXTRA_ARGS_SCHEMA,
    max_traces: integerSchema('Traces listed at most', 1, 50, 10),
    max_frames: integerSchema('Frames kept per trace', 1, 80, 20),
  }),
  outputSchema: outputSchema({
    project_type: 'string',
    source: { type: 'string', enum: ['provided_output', 'test_run'] },
    command: STRING_ARRAY,
    exit_code: 'integer',
    trace_count: 'integer',
    stacktraces: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          message: { type: 'string' },
          frames: STRING_ARRAY,
          frame_count: { type: 'integer' },
        },
      },
    },
    diagnostics: STRING_ARRAY,
    summary: 'string',
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
    {
      output: 'panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/main.go:5 +0x1d',
      max_traces: 5,
    },
  ],
})
export class StacktraceSummaryTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const source = await obtainTestOutput(ctx, TIMEOUT_SECONDS * 1000);
    const all = parseStackTraces(source.text, readInteger(ctx.args, 'max_frames', 20, 1, 80));
    const traces = all.slice(0, readInteger(ctx.args, 'max_traces', 10, 1, 50));
    const output = {
      ...runMembers(source),
      source: source.source,
      // `command` is listed for every source; provided output ran nothing.
      command: source.run?.command ?? [],
      trace_count: all.length,
      stacktraces: traces.map((trace) => ({ ...trace, frames: [...trace.frames] })),
      diagnostics: extractDiagnostics(source.text, 40),
      summary: all.length > 0 ? `${all.length} stack traces found` : 'no stack traces found',
    };
    return {
      output,
      logs: source.logs,
      artifacts: [jsonArtifact('stacktrace-summary.json', output)],
      ...(source.run === undefined ? {} : { exit_code: source.run.exit_code }),
      ...(source.error === undefined ? {} : { error: source.error }),
    };
  }
}
