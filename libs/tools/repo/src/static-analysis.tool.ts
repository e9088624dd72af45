import { Type } from '@sinclair/typebox';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { extractDiagnostics } from '#app/tooling';
import { runRepoCommand } from './repo-command.js';
import { COMMAND_OUTPUT_MEMBERS, StringList, TargetArg } from './repo-command.schema.js';
import { commandOutput, commandResult, outputArtifact } from './repo-result.js';

const TIMEOUT_SECONDS = 180;

const RepoStaticAnalysisArgs = ToolArgs({ target: Type.Optional(TargetArg) });

@Tool({
  name: 'repo.static_analysis',
  description: 'Run the project static analyser (go vet, clippy, lint, compile checks).',
  inputSchema: RepoStaticAnalysisArgs,
  outputSchema: ToolOutput({ ...COMMAND_OUTPUT_MEMBERS, diagnostics: StringList }),
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
export class RepoStaticAnalysisTool implements ToolHandler<typeof RepoStaticAnalysisArgs> {
  async execute(ctx: ToolContext<typeof RepoStaticAnalysisArgs>): Promise<ToolResult> {
    const run = await runRepoCommand(ctx, 'static_analysis', {
      target: ctx.args.target,
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
