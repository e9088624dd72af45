import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { LANG_OUTPUT, booleanSchema, inputSchema, outputSchema, readBoolean } from '#app/tooling';
import { runCargo } from './rust-command.js';

const TIMEOUT_SECONDS = 300;

@Tool({
  name: 'rust.clippy',
  description: 'Lint every target and feature with Clippy, warnings denied by default.',
  inputSchema: inputSchema({
    deny_warnings: booleanSchema('Fail on any warning (`-- -D warnings`)', true),
  }),
  outputSchema: outputSchema({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
})
export class RustClippyTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const deny = readBoolean(ctx.args, 'deny_warnings', true) ? ['--', '-D', 'warnings'] : [];
    return runCargo(
      ctx,
      'rust.clippy',
      ['clippy', '--all-targets', '--all-features', ...deny],
      TIMEOUT_SECONDS,
    );
  }
}
