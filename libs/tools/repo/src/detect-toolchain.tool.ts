import { Type } from '@sinclair/typebox';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { detectProject, toolchainOf } from '#app/tooling';

const RepoDetectToolchainArgs = ToolArgs({});

@Tool({
  name: 'repo.detect_toolchain',
  description: 'Detect the language, build system and test framework of the workspace project.',
  inputSchema: RepoDetectToolchainArgs,
  outputSchema: ToolOutput({
    project_type: Type.String(),
    language: Type.String(),
    build_system: Type.String(),
    test_framework: Type.String(),
    containerizable: Type.Boolean(),
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 64,
  examples: [{}],
})
export class RepoDetectToolchainTool implements ToolHandler<typeof RepoDetectToolchainArgs> {
  async execute({
    workspace,
    signal,
  }: ToolContext<typeof RepoDetectToolchainArgs>): Promise<ToolResult> {
    const project = await detectProject(workspace, signal);
    return { output: { project_type: project.project_type, ...toolchainOf(project) } };
  }
}
