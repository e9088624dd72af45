import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { LANG_OUTPUT, booleanSchema, inputSchema, outputSchema, readBoolean } from '#app/tooling';
import { runCargo } from './rust-command.js';

const TIMEOUT_SECONDS = 180;

@Tool({
  name: 'rust.format',
  description: 'Check the formatting with rustfmt, or rewrite the files when check is false.',
  inputSchema: inputSchema({
    check: booleanSchema('Only check (`cargo fmt -- --check`); false rewrites the files', true),
  }),
  outputSchema: outputSchema({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
})
export class RustFormatTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const args = readBoolean(ctx.args, 'check', true) ? ['fmt', '--', '--check'] : ['fmt'];
    return runCargo(ctx, 'rust.format', args, TIMEOUT_SECONDS);
  }
}
