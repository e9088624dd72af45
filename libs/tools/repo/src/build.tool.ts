import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  EXTRA_ARGS_BUILD,
  inputSchema,
  outputSchema,
  readString,
  readStringArray,
} from '#app/tooling';
import { runRepoCommand } from './repo-command.js';
import { commandOutput, commandResult, outputArtifact } from './repo-result.js';
import { COMMAND_OUTPUT_MEMBERS, EXTRA_ARGS_SCHEMA, TARGET_SCHEMA } from './repo-schemas.js';

const TIMEOUT_SECONDS = 240;

@Tool({
  name: 'repo.build',
  description: 'Build the project with its detected toolchain.',
  inputSchema: inputSchema({ target: TARGET_SCHEMA, extra_args: EXTRA_ARGS_SCHEMA }),
  outputSchema: outputSchema(COMMAND_OUTPUT_MEMBERS),
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
export class BuildTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const run = await runRepoCommand(ctx, 'build', {
      target: readString(ctx.args, 'target'),
      extraArgs: readStringArray(ctx.args, 'extra_args'),
      purpose: 'build',
      timeoutMs: TIMEOUT_SECONDS * 1000,
    });
    return commandResult(commandOutput('build', run), run, [
      outputArtifact('build-output.txt', run),
    ]);
  }
}
