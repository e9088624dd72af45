import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { extractDiagnostics, inputSchema, outputSchema, readString } from '#app/tooling';
import { runRepoCommand } from './repo-command.js';
import { commandOutput, commandResult, outputArtifact } from './repo-result.js';
import { COMMAND_OUTPUT_MEMBERS, STRING_ARRAY, TARGET_SCHEMA } from './repo-schemas.js';

const TIMEOUT_SECONDS = 180;

@Tool({
  name: 'repo.static_analysis',
  description: 'Run the project static analyser (go vet, clippy, lint, compile checks).',
  inputSchema: inputSchema({ target: TARGET_SCHEMA }),
  outputSchema: outputSchema({ ...COMMAND_OUTPUT_MEMBERS, diagnostics: STRING_ARRAY }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  examples: [{}, { target: './pkg/...' }],
})
export class StaticAnalysisTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const run = await runRepoCommand(ctx, 'static_analysis', {
      target: readString(ctx.args, 'target'),
      timeoutMs: TIMEOUT_SECONDS * 1000,
    });
    // Findings make the analyser exit non-zero: execution_failed, diagnostics kept (CATALOG.md 6).
    const output = {
      ...commandOutput('static analysis', run),
      diagnostics: extractDiagnostics(run.output, 80),
    };
    return commandResult(output, run, [outputArtifact('static-analysis-output.txt', run)]);
  }
}
