import { Type } from '@sinclair/typebox';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { LANG_OUTPUT, checkPackageArg } from '#app/tooling';
import { packageArgs, runCargo } from './rust-command.js';

const TIMEOUT_SECONDS = 300;

const RustTestArgs = ToolArgs({
  target: Type.Optional(Type.String({ description: 'Package to test (`--package`)' })),
});

@Tool({
  name: 'rust.test',
  description: 'Run the Cargo tests of the workspace or one package.',
  inputSchema: RustTestArgs,
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
export class RustTestTool implements ToolHandler<typeof RustTestArgs> {
  async execute(ctx: ToolContext<typeof RustTestArgs>): Promise<ToolResult> {
    const target = checkPackageArg('target', ctx.args.target);
    return runCargo(ctx, 'rust.test', ['test', ...packageArgs(target)], TIMEOUT_SECONDS);
  }
}
