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
import {
  COMMAND_OUTPUT_CAP,
  LANG_OUTPUT,
  type LangRun,
  ProgramRunner,
  checkPackageArg,
  checkPattern,
  langResult,
  langRunOf,
  parseCoveragePercent,
  programFailure,
} from '#app/tooling';

const TIMEOUT_SECONDS = 300;
const PROFILE = '.workspace.cover.out';

const GoTestArgs = ToolArgs({
  package: Defaulted(Type.String({ description: 'Package pattern', default: './...' })),
  coverage: Defaulted(
    Type.Boolean({
      description: 'Measure statement coverage (`-coverprofile`, then `go tool cover -func`)',
      default: false,
    }),
  ),
  run_pattern: Type.Optional(
    Type.String({ description: 'Regular expression selecting tests (`-run`)' }),
  ),
});

@Tool({
  name: 'go.test',
  description: 'Run Go tests, optionally filtered and with statement coverage.',
  inputSchema: GoTestArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  examples: [{}, { package: './pkg/...', run_pattern: '^TestParse', coverage: true }],
})
export class GoTestTool implements ToolHandler<typeof GoTestArgs> {
  async execute(ctx: ToolContext<typeof GoTestArgs>): Promise<ToolResult> {
    // A blank package falls back to the default pattern too.
    const pkg = checkPackageArg('package', ctx.args.package) ?? './...';
    const pattern = checkPattern('run_pattern', ctx.args.run_pattern, 512);
    const coverage = ctx.args.coverage;
    const args = [
      'test',
      pkg,
      ...(pattern === undefined ? [] : ['-run', pattern]),
      ...(coverage ? ['-coverprofile', PROFILE, '-covermode=atomic'] : []),
    ];
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    if (!coverage) {
      const run = await programs.run('go', args);
      return langResult(langRunOf(run), {
        toolName: 'go.test',
        maxDiagnostics: 80,
        logs: programs.logs,
      });
    }
    try {
      const test = langRunOf(await programs.run('go', args));
      if (test.failure !== undefined) {
        return langResult(test, { toolName: 'go.test', maxDiagnostics: 80, logs: programs.logs });
      }
      const cover = await programs.run('go', ['tool', 'cover', `-func=${PROFILE}`]);
      const coverFailure = programFailure(cover);
      const combined: LangRun = {
        ...test,
        output: `${test.output}\n${cover.output}`,
        ...(coverFailure === undefined
          ? {}
          : { failure: coverFailure, exit_code: cover.exit_code }),
      };
      const percent = coverFailure === undefined ? parseCoveragePercent(cover.output) : undefined;
      return langResult(combined, {
        toolName: 'go.test',
        maxDiagnostics: 80,
        logs: programs.logs,
        ...(percent === undefined ? {} : { coveragePercent: percent }),
      });
    } finally {
      // Clean-up goes through the runner (a pod in kubernetes sessions) and adds no log line.
      await programs.run('rm', ['-f', PROFILE], { log: false });
    }
  }
}
