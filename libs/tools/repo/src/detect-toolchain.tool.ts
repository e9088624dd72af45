import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { detectProject, inputSchema, outputSchema, toolchainOf } from '#app/tooling';

@Tool({
  name: 'repo.detect_toolchain',
  description: 'Detect the language, build system and test framework of the workspace project.',
  inputSchema: inputSchema({}),
  outputSchema: outputSchema({
    project_type: 'string',
    language: 'string',
    build_system: 'string',
    test_framework: 'string',
    containerizable: 'boolean',
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
export class DetectToolchainTool implements ToolHandler {
  async execute({ workspace, signal }: ToolContext): Promise<ToolResult> {
    const project = await detectProject(workspace, signal);
    return { output: { project_type: project.project_type, ...toolchainOf(project) } };
  }
}
