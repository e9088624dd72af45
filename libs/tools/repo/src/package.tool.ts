import { Type } from '@sinclair/typebox';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { runRepoCommand } from './repo-command.js';
import { COMMAND_OUTPUT_MEMBERS, TargetArg } from './repo-command.schema.js';
import { commandOutput, commandResult, outputArtifact } from './repo-result.js';

const TIMEOUT_SECONDS = 300;

const RepoPackageArgs = ToolArgs({ target: Type.Optional(TargetArg) });

@Tool({
  name: 'repo.package',
  description:
    'Package the project (binary, wheel, npm tarball, release build) inside the workspace.',
  inputSchema: RepoPackageArgs,
  outputSchema: ToolOutput({ ...COMMAND_OUTPUT_MEMBERS, artifact_path: Type.String() }),
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
export class RepoPackageTool implements ToolHandler<typeof RepoPackageArgs> {
  async execute(ctx: ToolContext<typeof RepoPackageArgs>): Promise<ToolResult> {
    const run = await runRepoCommand(ctx, 'package', {
      target: ctx.args.target,
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
