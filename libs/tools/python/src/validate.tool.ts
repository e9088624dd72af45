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
  choosePythonInterpreter,
  langResult,
  langRunOf,
  programPath,
} from '#app/tooling';

const TIMEOUT_SECONDS = 180;

const PythonValidateArgs = ToolArgs({
  target: Defaulted(Type.String({ description: 'File or directory to compile', default: '.' })),
});

@Tool({
  name: 'python.validate',
  description: 'Byte-compile the Python sources to catch syntax errors (`compileall`).',
  inputSchema: PythonValidateArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: pathPolicy('target'),
})
export class PythonValidateTool implements ToolHandler<typeof PythonValidateArgs> {
  async execute(ctx: ToolContext<typeof PythonValidateArgs>): Promise<ToolResult> {
    // An empty target means the whole workspace, like the default '.'.
    const raw = ctx.args.target;
    const target = raw === '' ? '.' : programPath(await ctx.workspace.resolve(raw));
    const { python } = await choosePythonInterpreter(ctx.workspace, ctx.signal);
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    const run = await programs.run(python, ['-m', 'compileall', '-q', target]);
    return langResult(langRunOf(run), {
      toolName: 'python.validate',
      maxDiagnostics: 80,
      logs: programs.logs,
    });
  }
}
