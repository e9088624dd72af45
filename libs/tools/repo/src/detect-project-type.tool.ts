import { Type } from '@sinclair/typebox';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { detectProject } from '#app/tooling';
import { ProjectTypeOutput } from './repo-command.schema.js';

const RepoDetectProjectTypeArgs = ToolArgs({});

@Tool({
  name: 'repo.detect_project_type',
  description: 'Detect the project type and flavor from the markers at the workspace root.',
  inputSchema: RepoDetectProjectTypeArgs,
  outputSchema: ToolOutput({ project_type: ProjectTypeOutput, flavor: Type.String() }),
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
export class RepoDetectProjectTypeTool implements ToolHandler<typeof RepoDetectProjectTypeArgs> {
  async execute({
    workspace,
    signal,
  }: ToolContext<typeof RepoDetectProjectTypeArgs>): Promise<ToolResult> {
    // `unknown` is a normal answer here, not an error (CATALOG.md 6).
    const project = await detectProject(workspace, signal);
    return { output: { project_type: project.project_type, flavor: project.flavor } };
  }
}
