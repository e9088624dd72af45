import { Type } from '@sinclair/typebox';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { extractDiagnostics, toolchainOf } from '#app/tooling';
import { runRepoCommand } from './repo-command.js';
import { COMMAND_OUTPUT_MEMBERS, StringList, TargetArg } from './repo-command.schema.js';
import { commandOutput, commandResult, outputArtifact } from './repo-result.js';

const TIMEOUT_SECONDS = 180;

const RepoValidateArgs = ToolArgs({ target: Type.Optional(TargetArg) });

@Tool({
  name: 'repo.validate',
  description: 'Compile or syntax-check the project without running its tests.',
  inputSchema: RepoValidateArgs,
  outputSchema: ToolOutput({
    ...COMMAND_OUTPUT_MEMBERS,
    language: Type.String(),
    build_system: Type.String(),
    test_framework: Type.String(),
    diagnostics: StringList,
  }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  examples: [{}, { target: './cmd/...' }],
})
export class RepoValidateTool implements ToolHandler<typeof RepoValidateArgs> {
  async execute(ctx: ToolContext<typeof RepoValidateArgs>): Promise<ToolResult> {
    const run = await runRepoCommand(ctx, 'validate', {
      target: ctx.args.target,
      timeoutMs: TIMEOUT_SECONDS * 1000,
    });
    const { containerizable: _ignored, ...toolchain } = toolchainOf(run.project);
    const output = {
      ...commandOutput('validation', run),
      ...toolchain,
      diagnostics: extractDiagnostics(run.output, 50),
    };
    return commandResult(output, run, [outputArtifact('validate-output.txt', run)]);
  }
}
