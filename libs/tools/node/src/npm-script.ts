import type { ToolDefinition, ToolContext, ToolResult } from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  LANG_OUTPUT,
  ProgramRunner,
  inputSchema,
  langResult,
  langRunOf,
  outputSchema,
  pathPolicy,
  programPath,
  readOptionalString,
  stringSchema,
} from '#app/tooling';

export type NpmScript = 'build' | 'test' | 'lint' | 'typecheck';

const DESCRIPTIONS: Record<NpmScript, string> = {
  build: 'Run the npm `build` script when the project defines one.',
  test: 'Run the npm `test` script when the project defines one.',
  lint: 'Run the npm `lint` script when the project defines one.',
  typecheck: 'Run the npm `typecheck` script when the project defines one.',
};

/** The catalog entry of `node.<script>` (CATALOG.md 7): same args, policy and limits for all four. */
export function npmScriptDefinition(script: NpmScript): ToolDefinition {
  const lint = script === 'lint' || script === 'typecheck';
  return {
    name: `node.${script}`,
    description: DESCRIPTIONS[script],
    inputSchema: inputSchema({
      target: stringSchema('Workspace path passed to the script after `--`'),
    }),
    outputSchema: outputSchema({ ...LANG_OUTPUT }),
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
export async function runNpmScript(ctx: ToolContext, script: NpmScript): Promise<ToolResult> {
  const raw = readOptionalString(ctx.args, 'target');
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
