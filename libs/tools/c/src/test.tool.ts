import { Type } from '@sinclair/typebox';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  pathPolicy,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  LANG_OUTPUT,
  ProgramRunner,
  checkOutputName,
  langResult,
  langRunOf,
  resolveCSource,
} from '#app/tooling';
import { CStandardArg } from './c-standard.schema.js';

const TIMEOUT_SECONDS = 180;

const CTestArgs = ToolArgs({
  source: Type.Optional(
    Type.String({
      description: 'C source file; default the first *_test.c / *test.c file, else main.c',
    }),
  ),
  output_name: Defaulted(
    Type.String({ description: 'Plain file name of the test binary', default: 'c-test' }),
  ),
  standard: CStandardArg,
  run: Defaulted(Type.Boolean({ description: 'Run the binary after compiling it', default: true })),
});

@Tool({
  name: 'c.test',
  description:
    'Compile a C test program with debug info and run it; its exit status is the verdict.',
  inputSchema: CTestArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: pathPolicy('source'),
})
export class CTestTool implements ToolHandler<typeof CTestArgs> {
  async execute(ctx: ToolContext<typeof CTestArgs>): Promise<ToolResult> {
    const name = ctx.args.output_name;
    const outputName = checkOutputName(name);
    const source = await resolveCSource(ctx.workspace, {
      requested: ctx.args.source,
      preferTests: true,
      signal: ctx.signal,
    });
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    const options = {
      toolName: 'c.test',
      maxDiagnostics: 80,
      logs: programs.logs,
      compiledBinaryPath: name,
    };
    const compile = langRunOf(
      await programs.run('cc', [
        `-std=${ctx.args.standard}`,
        '-O0',
        '-g',
        '-Wall',
        '-Wextra',
        '-o',
        outputName,
        source,
      ]),
    );
    if (compile.failure !== undefined || !ctx.args.run) {
      return langResult(compile, options);
    }
    const run = langRunOf(await programs.run(`./${name}`, []));
    return langResult({ ...run, output: `${compile.output}\n${run.output}` }, options);
  }
}
