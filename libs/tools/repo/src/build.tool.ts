import { Type } from '@sinclair/typebox';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { EXTRA_ARGS_BUILD } from '#app/tooling';
import { runRepoCommand } from './repo-command.js';
import { COMMAND_OUTPUT_MEMBERS, ExtraArgsArg, TargetArg } from './repo-command.schema.js';
import { commandOutput, commandResult, outputArtifact } from './repo-result.js';

const TIMEOUT_SECONDS = 240;

const RepoBuildArgs = ToolArgs({
  target: Type.Optional(TargetArg),
  extra_args: ExtraArgsArg,
});

@Tool({
  name: 'repo.build',
  description: 'Build the project with its detected toolchain.',
  inputSchema: RepoBuildArgs,
  outputSchema: ToolOutput(COMMAND_OUTPUT_MEMBERS),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: { arg_fields: [EXTRA_ARGS_BUILD] },
  examples: [{}, { target: './cmd/server', extra_args: ['-trimpath'] }],
})
export class RepoBuildTool implements ToolHandler<typeof RepoBuildArgs> {
  async execute(ctx: ToolContext<typeof RepoBuildArgs>): Promise<ToolResult> {
    const run = await runRepoCommand(ctx, 'build', {
      target: ctx.args.target,
      extraArgs: ctx.args.extra_args,
      purpose: 'build',
      timeoutMs: TIMEOUT_SECONDS * 1000,
    });
    return commandResult(commandOutput('build', run), run, [
      outputArtifact('build-output.txt', run),
    ]);
  }
}
