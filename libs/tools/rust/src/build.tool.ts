import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  LANG_OUTPUT,
  booleanSchema,
  checkPackageArg,
  inputSchema,
  outputSchema,
  readBoolean,
  readOptionalString,
  stringSchema,
} from '#app/tooling';
import { packageArgs, runCargo } from './rust-command.js';

const TIMEOUT_SECONDS = 300;

@Tool({
  name: 'rust.build',
  description: 'Compile the Cargo workspace or one package.',
  inputSchema: inputSchema({
    target: stringSchema('Package to build (`--package`)'),
    release: booleanSchema('Build with optimisations (`--release`)', false),
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
export class RustBuildTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const target = checkPackageArg('target', readOptionalString(ctx.args, 'target'));
    const release = readBoolean(ctx.args, 'release', false) ? ['--release'] : [];
    return runCargo(
      ctx,
      'rust.build',
      ['build', ...packageArgs(target), ...release],
      TIMEOUT_SECONDS,
    );
  }
}
