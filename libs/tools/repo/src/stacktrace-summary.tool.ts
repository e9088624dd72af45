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
import { ExtraArgsArg, StringList, TargetArg } from './repo-command.schema.js';
import { parseStackTraces } from './stacktrace.parser.js';
import { obtainTestOutput, runMembers } from './test-output-source.js';

const TIMEOUT_SECONDS = 180;

const RepoStacktraceSummaryArgs = ToolArgs({
  output: Type.Optional(
    Type.String({ description: 'Output to parse instead of running the tests' }),
  ),
  target: Type.Optional(TargetArg),
  extra_args: ExtraArgsArg,
  max_traces: Defaulted(
    Type.Integer({ description: 'Traces listed at most', minimum: 1, maximum: 50, default: 10 }),
  ),
  max_frames: Defaulted(
    Type.Integer({ description: 'Frames kept per trace', minimum: 1, maximum: 80, default: 20 }),
  ),
});

@Tool({
  name: 'repo.stacktrace_summary',
  description:
    'Extract stack traces (go, python, java, rust panics) from given output or a test run.',
  inputSchema: RepoStacktraceSummaryArgs,
  outputSchema: ToolOutput({
    project_type: Type.String(),
    source: StringEnum(['provided_output', 'test_run']),
    command: StringList,
    exit_code: Type.Integer(),
    trace_count: Type.Integer(),
    stacktraces: Type.Array(
      ToolOutput({
        type: Type.String(),
        message: Type.String(),
        frames: StringList,
        frame_count: Type.Integer(),
      }),
    ),
    diagnostics: StringList,
    summary: Type.String(),
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
export class RepoStacktraceSummaryTool implements ToolHandler<typeof RepoStacktraceSummaryArgs> {
  async execute(ctx: ToolContext<typeof RepoStacktraceSummaryArgs>): Promise<ToolResult> {
    const source = await obtainTestOutput(ctx, ctx.args, TIMEOUT_SECONDS * 1000);
    const all = parseStackTraces(source.text, ctx.args.max_frames);
    const traces = all.slice(0, ctx.args.max_traces);
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
