import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  LANG_OUTPUT,
  ProgramRunner,
  checkPackageArg,
  inputSchema,
  langResult,
  langRunOf,
  outputSchema,
  readOptionalString,
  stringSchema,
} from '#app/tooling';

const TIMEOUT_SECONDS = 180;
const OUTPUT_CAP = 1024 * 1024;

@Tool({
  name: 'go.generate',
  description: 'Run the `//go:generate` directives of the Go packages.',
  inputSchema: inputSchema({ target: stringSchema('Package pattern', './...') }),
  outputSchema: outputSchema({ ...LANG_OUTPUT }),
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
export class GoGenerateTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const target = checkPackageArg('target', readOptionalString(ctx.args, 'target')) ?? './...';
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
