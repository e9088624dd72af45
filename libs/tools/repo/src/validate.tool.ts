import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  extractDiagnostics,
  inputSchema,
  outputSchema,
  readString,
  toolchainOf,
} from '#app/tooling';
import { runRepoCommand } from './repo-command.js';
import { commandOutput, commandResult, outputArtifact } from './repo-result.js';
import { COMMAND_OUTPUT_MEMBERS, STRING_ARRAY, TARGET_SCHEMA } from './repo-schemas.js';

const TIMEOUT_SECONDS = 180;

@Tool({
  name: 'repo.validate',
  description: 'Compile or syntax-check the project without running its tests.',
  inputSchema: inputSchema({ target: TARGET_SCHEMA }),
  outputSchema: outputSchema({
    ...COMMAND_OUTPUT_MEMBERS,
    language: 'string',
    build_system: 'string',
    test_framework: 'string',
    diagnostics: STRING_ARRAY,
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
export class ValidateTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const run = await runRepoCommand(ctx, 'validate', {
      target: readString(ctx.args, 'target'),
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
