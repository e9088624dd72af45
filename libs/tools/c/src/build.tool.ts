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

const CBuildArgs = ToolArgs({
  source: Type.Optional(
    Type.String({ description: 'C source file; default main.c or the first non-test .c file' }),
  ),
  output_name: Defaulted(
    Type.String({ description: 'Plain file name of the binary', default: 'c-app' }),
  ),
  standard: CStandardArg,
});

@Tool({
  name: 'c.build',
  description: 'Compile one C source file into an optimised binary with warnings on.',
  inputSchema: CBuildArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: pathPolicy('source'),
})
export class CBuildTool implements ToolHandler<typeof CBuildArgs> {
  async execute(ctx: ToolContext<typeof CBuildArgs>): Promise<ToolResult> {
    const name = ctx.args.output_name;
    const outputName = checkOutputName(name);
    const source = await resolveCSource(ctx.workspace, {
      requested: ctx.args.source,
      signal: ctx.signal,
    });
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    const run = await programs.run('cc', [
      `-std=${ctx.args.standard}`,
      '-O2',
      '-Wall',
      '-Wextra',
      '-o',
      outputName,
      source,
    ]);
    return langResult(langRunOf(run), {
      toolName: 'c.build',
      maxDiagnostics: 80,
      logs: programs.logs,
      compiledBinaryPath: name,
    });
  }
}
