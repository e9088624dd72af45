import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  LANG_OUTPUT,
  ProgramRunner,
  booleanSchema,
  checkOutputName,
  inputSchema,
  langResult,
  langRunOf,
  outputSchema,
  pathPolicy,
  readBoolean,
  readOptionalString,
  resolveCSource,
  stringSchema,
} from '#app/tooling';
import { STANDARD_SCHEMA, readStandard } from './c-schemas.js';

const TIMEOUT_SECONDS = 180;

@Tool({
  name: 'c.test',
  description:
    'Compile a C test program with debug info and run it; its exit status is the verdict.',
  inputSchema: inputSchema({
    source: stringSchema('C source file; default the first *_test.c / *test.c file, else main.c'),
    output_name: stringSchema('Plain file name of the test binary', 'c-test'),
    standard: STANDARD_SCHEMA,
    run: booleanSchema('Run the binary after compiling it', true),
  }),
  outputSchema: outputSchema({ ...LANG_OUTPUT }),
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
export class CTestTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const name = readOptionalString(ctx.args, 'output_name') ?? 'c-test';
    const outputName = checkOutputName(name);
    const source = await resolveCSource(ctx.workspace, {
      requested: readOptionalString(ctx.args, 'source'),
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
        `-std=${readStandard(ctx.args)}`,
        '-O0',
        '-g',
        '-Wall',
        '-Wextra',
        '-o',
        outputName,
        source,
      ]),
    );
    if (compile.failure !== undefined || !readBoolean(ctx.args, 'run', true)) {
      return langResult(compile, options);
    }
    const run = langRunOf(await programs.run(`./${name}`, []));
    return langResult({ ...run, output: `${compile.output}\n${run.output}` }, options);
  }
}
