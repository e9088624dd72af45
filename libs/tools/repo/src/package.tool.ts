import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { inputSchema, outputSchema, readString } from '#app/tooling';
import { runRepoCommand } from './repo-command.js';
import { commandOutput, commandResult, outputArtifact } from './repo-result.js';
import { COMMAND_OUTPUT_MEMBERS, TARGET_SCHEMA } from './repo-schemas.js';

const TIMEOUT_SECONDS = 300;

@Tool({
  name: 'repo.package',
  description:
    'Package the project (binary, wheel, npm tarball, release build) inside the workspace.',
  inputSchema: inputSchema({ target: TARGET_SCHEMA }),
  outputSchema: outputSchema({ ...COMMAND_OUTPUT_MEMBERS, artifact_path: 'string' }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  examples: [{}, { target: './cmd/server' }],
})
export class PackageTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const run = await runRepoCommand(ctx, 'package', {
      target: readString(ctx.args, 'target'),
      timeoutMs: TIMEOUT_SECONDS * 1000,
    });
    const output = {
      ...commandOutput('packaging', run),
      ...(run.failure === undefined && run.artifactPath !== undefined
        ? { artifact_path: run.artifactPath }
        : {}),
    };
    return commandResult(output, run, [outputArtifact('package-output.txt', run)]);
  }
}
