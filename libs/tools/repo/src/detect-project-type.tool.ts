import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { detectProject, inputSchema, outputSchema } from '#app/tooling';
import { PROJECT_TYPES } from './repo-schemas.js';

@Tool({
  name: 'repo.detect_project_type',
  description: 'Detect the project type and flavor from the markers at the workspace root.',
  inputSchema: inputSchema({}),
  outputSchema: outputSchema({
    project_type: { type: 'string', enum: PROJECT_TYPES },
    flavor: 'string',
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 15,
  maxRetries: 0,
  outputLimitKb: 64,
  examples: [{}],
})
export class DetectProjectTypeTool implements ToolHandler {
  async execute({ workspace, signal }: ToolContext): Promise<ToolResult> {
    // `unknown` is a normal answer here, not an error (CATALOG.md 6).
    const project = await detectProject(workspace, signal);
    return { output: { project_type: project.project_type, flavor: project.flavor } };
  }
}
