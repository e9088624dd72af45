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
  checkPattern,
  choosePythonInterpreter,
  langResult,
  langRunOf,
  programPath,
} from '#app/tooling';

const TIMEOUT_SECONDS = 300;

const PythonTestArgs = ToolArgs({
  target: Type.Optional(
    Type.String({ description: 'Test file or directory (a `::` node id suffix is kept)' }),
  ),
  run_pattern: Type.Optional(
    Type.String({ description: 'Keyword expression selecting tests (`-k`)' }),
  ),
  max_fail: Defaulted(
    Type.Integer({
      description: 'Stop after this many failures (`--maxfail`)',
      minimum: 1,
      maximum: 20,
      default: 1,
    }),
  ),
});

@Tool({
  name: 'python.test',
  description: 'Run pytest, stopping after max_fail failures.',
  inputSchema: PythonTestArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: pathPolicy('target'),
})
export class PythonTestTool implements ToolHandler<typeof PythonTestArgs> {
  async execute(ctx: ToolContext<typeof PythonTestArgs>): Promise<ToolResult> {
    const target = await resolveTestTarget(ctx, ctx.args.target);
    const pattern = checkPattern('run_pattern', ctx.args.run_pattern, 256);
    const maxFail = ctx.args.max_fail;
    const { pytest } = await choosePythonInterpreter(ctx.workspace, ctx.signal);
    const args = [
      '-q',
      '--maxfail',
      String(maxFail),
      ...(target === undefined ? [] : [target]),
      ...(pattern === undefined ? [] : ['-k', pattern]),
    ];
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    const run = await programs.run(pytest, args);
    return langResult(langRunOf(run), {
      toolName: 'python.test',
      maxDiagnostics: 80,
      logs: programs.logs,
    });
  }
}

/** The path part goes through the resolver; a pytest node id keeps its `::` suffix. */
async function resolveTestTarget(
  ctx: Pick<ToolContext, 'workspace'>,
  raw: string | undefined,
): Promise<string | undefined> {
  if (raw === undefined || raw === '') {
    return undefined;
  }
  const separator = raw.indexOf('::');
  const path = separator === -1 ? raw : raw.slice(0, separator);
  const suffix = separator === -1 ? '' : raw.slice(separator);
  return `${programPath(await ctx.workspace.resolve(path))}${suffix}`;
}
