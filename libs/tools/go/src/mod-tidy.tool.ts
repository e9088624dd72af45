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
import { LANG_OUTPUT, ProgramRunner, langResult, langRunOf } from '#app/tooling';

const TIMEOUT_SECONDS = 180;
const OUTPUT_CAP = 1024 * 1024;

const GoModTidyArgs = ToolArgs({
  check: Defaulted(
    Type.Boolean({
      description:
        'Only report a needed change (`go mod tidy -diff`, non-zero exit when one is needed)',
      default: false,
    }),
  ),
});

@Tool({
  name: 'go.mod.tidy',
  description:
    'Add missing and remove unused Go module requirements (or check that none is needed).',
  inputSchema: GoModTidyArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  preconditions: ['The workspace root holds a go.mod'],
  examples: [{}, { check: true }],
})
export class GoModTidyTool implements ToolHandler<typeof GoModTidyArgs> {
  async execute(ctx: ToolContext<typeof GoModTidyArgs>): Promise<ToolResult> {
    const args = ctx.args.check ? ['mod', 'tidy', '-diff'] : ['mod', 'tidy', '-v'];
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: OUTPUT_CAP,
    });
    const run = await programs.run('go', args);
    return langResult(langRunOf(run), {
      toolName: 'go.mod.tidy',
      maxDiagnostics: 50,
      logs: programs.logs,
    });
  }
}
