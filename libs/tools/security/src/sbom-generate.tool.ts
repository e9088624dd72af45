import { Type } from '@sinclair/typebox';
import type { JsonValue } from '#app/contracts';
import {
  Defaulted,
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  pathPolicy,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { TEXT_CONTENT_TYPE } from './content-types.js';
import { collectInventory } from './inventory/dependency-inventory.js';
import { inventoryReport, inventorySummary } from './inventory/inventory-summary.js';
import { buildCycloneDxBom, componentPreview } from './sbom/cyclonedx-bom.js';
import { InventoryDiagnosticsSchema } from './inventory.schema.js';
import { ProjectPathArg } from './project-path.schema.js';

export const SBOM_ARTIFACT_NAME = 'sbom.cdx.json';
export const CYCLONEDX_CONTENT_TYPE = 'application/vnd.cyclonedx+json';
const PREVIEW_COMPONENTS = 25;

const SbomGenerateArgs = ToolArgs({
  path: ProjectPathArg,
  format: Defaulted(
    StringEnum(['cyclonedx-json'], { description: 'Document format', default: 'cyclonedx-json' }),
  ),
  max_components: Defaulted(
    Type.Integer({
      description: 'Components written to the document',
      minimum: 1,
      maximum: 10000,
      default: 1000,
    }),
  ),
});

@Tool({
  name: 'sbom.generate',
  description: 'Generate a CycloneDX 1.5 JSON SBOM of the project dependencies as an artifact.',
  inputSchema: SbomGenerateArgs,
  outputSchema: ToolOutput({
    format: Type.String(),
    generator: Type.String(),
    project_type: Type.String(),
    components_count: Type.Integer(),
    components: Type.Array(
      Type.Partial(
        Type.Object({
          type: Type.String(),
          name: Type.String(),
          version: Type.String(),
          purl: Type.String(),
        }),
      ),
    ),
    truncated: Type.Boolean(),
    artifact_name: Type.String(),
    command: Type.Array(Type.String()),
    exit_code: Type.Integer(),
    summary: Type.String(),
    diagnostics: InventoryDiagnosticsSchema,
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 240,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: pathPolicy('path'),
  examples: [{}, { path: '.', format: 'cyclonedx-json', max_components: 5000 }],
})
export class SbomGenerateTool implements ToolHandler<typeof SbomGenerateArgs> {
  async execute({
    args,
    workspace,
    signal,
    progress,
  }: ToolContext<typeof SbomGenerateArgs>): Promise<ToolResult> {
    const inventory = await collectInventory(workspace, args.path, signal, progress);
    if (inventory.error !== undefined) {
      return { logs: inventory.logs, exit_code: 1, error: inventory.error };
    }
    const max = args.max_components;
    const components = inventory.dependencies.slice(0, max);
    const bom = buildCycloneDxBom(components, new Date());
    const summary = `sbom with ${components.length} components; ${inventorySummary(inventory.dependencies, inventory.diagnostics)}`;
    const output = {
      format: 'cyclonedx-json',
      generator: 'workspace.sbom.generate/v1',
      project_type: inventory.project.project_type,
      components_count: components.length,
      components: components
        .slice(0, PREVIEW_COMPONENTS)
        .map((entry) => ({ ...componentPreview(entry) })),
      truncated: inventory.dependencies.length > max,
      artifact_name: SBOM_ARTIFACT_NAME,
      command: inventory.command,
      exit_code: 0,
      summary,
      diagnostics: inventory.diagnostics.map((entry) => ({ ...entry })),
    } satisfies JsonValue;
    return {
      output,
      logs: inventory.logs,
      exit_code: 0,
      artifacts: [
        {
          name: SBOM_ARTIFACT_NAME,
          content_type: CYCLONEDX_CONTENT_TYPE,
          data: Buffer.from(`${JSON.stringify(bom, null, 2)}\n`, 'utf8'),
        },
        {
          name: 'sbom-generate-output.txt',
          content_type: TEXT_CONTENT_TYPE,
          data: Buffer.from(
            `${summary}\n${inventoryReport(inventory.command, components, inventory.diagnostics)}`,
            'utf8',
          ),
        },
      ],
    };
  }
}
