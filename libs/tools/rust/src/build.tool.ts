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
import { LANG_OUTPUT, checkPackageArg } from '#app/tooling';
import { packageArgs, runCargo } from './rust-command.js';

const TIMEOUT_SECONDS = 300;

const RustBuildArgs = ToolArgs({
  target: Type.Optional(Type.String({ description: 'Package to build (`--package`)' })),
  release: Defaulted(
    Type.Boolean({ description: 'Build with optimisations (`--release`)', default: false }),
  ),
});

@Tool({
  name: 'rust.build',
  description: 'Compile the Cargo workspace or one package.',
  inputSchema: RustBuildArgs,
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
export class RustBuildTool implements ToolHandler<typeof RustBuildArgs> {
  async execute(ctx: ToolContext<typeof RustBuildArgs>): Promise<ToolResult> {
    const target = checkPackageArg('target', ctx.args.target);
    const release = ctx.args.release ? ['--release'] : [];
    return runCargo(
      ctx,
      'rust.build',
      ['build', ...packageArgs(target), ...release],
      TIMEOUT_SECONDS,
    );
  }
}
