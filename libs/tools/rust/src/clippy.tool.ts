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

const TIMEOUT_SECONDS = 300;

const RustClippyArgs = ToolArgs({
  deny_warnings: Defaulted(
    Type.Boolean({ description: 'Fail on any warning (`-- -D warnings`)', default: true }),
  ),
});

@Tool({
  name: 'rust.clippy',
  description: 'Lint every target and feature with Clippy, warnings denied by default.',
  inputSchema: RustClippyArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
})
export class RustClippyTool implements ToolHandler<typeof RustClippyArgs> {
  async execute(ctx: ToolContext<typeof RustClippyArgs>): Promise<ToolResult> {
    const deny = ctx.args.deny_warnings ? ['--', '-D', 'warnings'] : [];
    return runCargo(
      ctx,
      'rust.clippy',
      ['clippy', '--all-targets', '--all-features', ...deny],
      TIMEOUT_SECONDS,
    );
  }
}
