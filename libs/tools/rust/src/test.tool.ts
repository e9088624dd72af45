import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  LANG_OUTPUT,
  checkPackageArg,
  inputSchema,
  outputSchema,
  readOptionalString,
  stringSchema,
} from '#app/tooling';
import { packageArgs, runCargo } from './rust-command.js';

const TIMEOUT_SECONDS = 300;

@Tool({
  name: 'rust.test',
  description: 'Run the Cargo tests of the workspace or one package.',
  inputSchema: inputSchema({ target: stringSchema('Package to test (`--package`)') }),
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
export class RustTestTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const target = checkPackageArg('target', readOptionalString(ctx.args, 'target'));
    return runCargo(ctx, 'rust.test', ['test', ...packageArgs(target)], TIMEOUT_SECONDS);
  }
}
