import { Type } from '@sinclair/typebox';
import {
  ToolArgs,
  ToolOutput,
  pathPolicy,
  type ToolContext,
  type ToolDefinition,
  type ToolResult,
} from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  LANG_OUTPUT,
  ProgramRunner,
  langResult,
  langRunOf,
  programPath,
} from '#app/tooling';

export type NpmScript = 'build' | 'test' | 'lint' | 'typecheck';

/** The args of the four `node.<script>` tools. */
export const NpmScriptArgs = ToolArgs({
  target: Type.Optional(
    Type.String({ description: 'Workspace path passed to the script after `--`' }),
  ),
});

const DESCRIPTIONS: Record<NpmScript, string> = {
  build: 'Run the npm `build` script when the project defines one.',
  test: 'Run the npm `test` script when the project defines one.',
  lint: 'Run the npm `lint` script when the project defines one.',
  typecheck: 'Run the npm `typecheck` script when the project defines one.',
};

/** The catalog entry of `node.<script>` (CATALOG.md 7): same args, policy and limits for all four. */
export function npmScriptDefinition(script: NpmScript): ToolDefinition<typeof NpmScriptArgs> {
  const lint = script === 'lint' || script === 'typecheck';
  return {
    name: `node.${script}`,
    description: DESCRIPTIONS[script],
    inputSchema: NpmScriptArgs,
    outputSchema: ToolOutput({ ...LANG_OUTPUT }),
    scope: 'repo',
    sideEffects: 'reversible',
    riskLevel: 'medium',
    requiresApproval: false,
    idempotency: 'best-effort',
    timeoutSeconds: lint ? 240 : 300,
    maxRetries: 0,
    outputLimitKb: 2048,
    policy: pathPolicy('target'),
  };
}

/** `npm run <script> --if-present [-- <target>]`, the target through the workspace resolver. */
export async function runNpmScript(
  ctx: ToolContext<typeof NpmScriptArgs>,
  script: NpmScript,
): Promise<ToolResult> {
  const raw = ctx.args.target;
  const target =
    raw === undefined || raw === '' ? undefined : programPath(await ctx.workspace.resolve(raw));
  const definition = npmScriptDefinition(script);
  const programs = new ProgramRunner(ctx, {
    timeoutMs: definition.timeoutSeconds * 1000,
    outputCapBytes: COMMAND_OUTPUT_CAP,
  });
  const run = await programs.run('npm', [
    'run',
    script,
    '--if-present',
    ...(target === undefined ? [] : ['--', target]),
  ]);
  return langResult(langRunOf(run), {
    toolName: definition.name,
    maxDiagnostics: 80,
    logs: programs.logs,
  });
}
