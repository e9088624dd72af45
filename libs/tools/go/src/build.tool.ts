import { AppException } from '#app/errors';
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
  ProgramRunner,
  checkOutputName,
  checkPackageArg,
  langResult,
  langRunOf,
} from '#app/tooling';

const TIMEOUT_SECONDS = 300;
const MAX_LDFLAGS = 120;
const LDFLAG_TOKENS = new Set(['-s', '-w']);

const GoBuildArgs = ToolArgs({
  target: Defaulted(Type.String({ description: 'Package to build', default: '.' })),
  ldflags: Type.Optional(
    Type.String({ description: 'Linker flags: only `-s` and `-w`, space-separated' }),
  ),
  output_name: Type.Optional(
    Type.String({ description: 'Plain file name of the binary written at the workspace root' }),
  ),
  race: Defaulted(
    Type.Boolean({ description: 'Enable the race detector (`-race`)', default: false }),
  ),
});

@Tool({
  name: 'go.build',
  description: 'Compile a Go package, optionally into a named binary.',
  inputSchema: GoBuildArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  examples: [{}, { target: './cmd/server', output_name: 'server', ldflags: '-s -w' }],
})
export class GoBuildTool implements ToolHandler<typeof GoBuildArgs> {
  async execute(ctx: ToolContext<typeof GoBuildArgs>): Promise<ToolResult> {
    // A blank target falls back to the default package too.
    const target = checkPackageArg('target', ctx.args.target) ?? '.';
    const ldflags = checkLdflags(ctx.args.ldflags);
    const rawName = ctx.args.output_name;
    const outputName = rawName === undefined ? undefined : checkOutputName(rawName);
    const args = [
      'build',
      ...(ctx.args.race ? ['-race'] : []),
      ...(ldflags === undefined ? [] : ['-ldflags', ldflags]),
      ...(outputName === undefined ? [] : ['-o', outputName]),
      target,
    ];
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    const run = await programs.run('go', args);
    return langResult(langRunOf(run), {
      toolName: 'go.build',
      maxDiagnostics: 50,
      logs: programs.logs,
      ...(rawName === undefined ? {} : { compiledBinaryPath: rawName }),
    });
  }
}

/** CATALOG.md 7: at most 120 characters of whitespace-separated `-s` / `-w` tokens. */
function checkLdflags(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const tokens = value.trim().split(/\s+/);
  if (value.length > MAX_LDFLAGS || !tokens.every((token) => LDFLAG_TOKENS.has(token))) {
    throw new AppException('invalid_argument', 'ldflags may only contain the tokens -s and -w');
  }
  return tokens.join(' ');
}
