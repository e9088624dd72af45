import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  LANG_OUTPUT,
  ProgramRunner,
  checkOutputName,
  inputSchema,
  langResult,
  langRunOf,
  outputSchema,
  pathPolicy,
  readOptionalString,
  resolveCSource,
  stringSchema,
} from '#app/tooling';
import { STANDARD_SCHEMA, readStandard } from './c-schemas.js';

const TIMEOUT_SECONDS = 180;

@Tool({
  name: 'c.build',
  description: 'Compile one C source file into an optimised binary with warnings on.',
  inputSchema: inputSchema({
    source: stringSchema('C source file; default main.c or the first non-test .c file'),
    output_name: stringSchema('Plain file name of the binary', 'c-app'),
    standard: STANDARD_SCHEMA,
  }),
  outputSchema: outputSchema({ ...LANG_OUTPUT }),
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
export class CBuildTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const name = readOptionalString(ctx.args, 'output_name') ?? 'c-app';
    const outputName = checkOutputName(name);
    const source = await resolveCSource(ctx.workspace, {
      requested: readOptionalString(ctx.args, 'source'),
      signal: ctx.signal,
    });
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    const run = await programs.run('cc', [
      `-std=${readStandard(ctx.args)}`,
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
