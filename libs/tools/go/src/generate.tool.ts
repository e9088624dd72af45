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
import { LANG_OUTPUT, ProgramRunner, checkPackageArg, langResult, langRunOf } from '#app/tooling';

const TIMEOUT_SECONDS = 180;
const OUTPUT_CAP = 1024 * 1024;

const GoGenerateArgs = ToolArgs({
  target: Defaulted(Type.String({ description: 'Package pattern', default: './...' })),
});

@Tool({
  name: 'go.generate',
  description: 'Run the `//go:generate` directives of the Go packages.',
  inputSchema: GoGenerateArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  examples: [{}, { target: './internal/...' }],
})
export class GoGenerateTool implements ToolHandler<typeof GoGenerateArgs> {
  async execute(ctx: ToolContext<typeof GoGenerateArgs>): Promise<ToolResult> {
    // A blank target falls back to the default pattern too.
    const target = checkPackageArg('target', ctx.args.target) ?? './...';
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: OUTPUT_CAP,
    });
    const run = await programs.run('go', ['generate', target]);
    return langResult(langRunOf(run), {
      toolName: 'go.generate',
      maxDiagnostics: 50,
      logs: programs.logs,
    });
  }
}
