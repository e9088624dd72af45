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
import { LANG_OUTPUT } from '#app/tooling';
import { runCargo } from './rust-command.js';

const TIMEOUT_SECONDS = 180;

const RustFormatArgs = ToolArgs({
  check: Defaulted(
    Type.Boolean({
      description: 'Only check (`cargo fmt -- --check`); false rewrites the files',
      default: true,
    }),
  ),
});

@Tool({
  name: 'rust.format',
  description: 'Check the formatting with rustfmt, or rewrite the files when check is false.',
  inputSchema: RustFormatArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
})
export class RustFormatTool implements ToolHandler<typeof RustFormatArgs> {
  async execute(ctx: ToolContext<typeof RustFormatArgs>): Promise<ToolResult> {
    const args = ctx.args.check ? ['fmt', '--', '--check'] : ['fmt'];
    return runCargo(ctx, 'rust.format', args, TIMEOUT_SECONDS);
  }
}
