import type { JsonValue } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { collectInventory } from './inventory/dependency-inventory.js';
import { inventoryReport, inventorySummary } from './inventory/inventory-summary.js';
import { buildCycloneDxBom, componentPreview } from './sbom/cyclonedx-bom.js';
import {
  DIAGNOSTICS_SCHEMA,
  PATH_POLICY,
  PATH_SCHEMA,
  TEXT_CONTENT_TYPE,
  inputSchema,
  integerSchema,
  outputSchema,
  readInteger,
  readString,
} from './security-schemas.js';

export const SBOM_ARTIFACT_NAME = 'sbom.cdx.json';
export const CYCLONEDX_CONTENT_TYPE = 'application/vnd.cyclonedx+json';
const PREVIEW_COMPONENTS = 25;

@Tool({
  name: 'sbom.generate',
  description: 'Generate a CycloneDX 1.5 JSON SBOM of the project dependencies as an artifact.',
  inputSchema: inputSchema({
    path: PATH_SCHEMA,
    format: {
      type: 'string',
      enum: ['cyclonedx-json'],
      description: 'Document format',
      default: 'cyclonedx-json',
    },
    max_components: integerSchema('Components written to the document', 1, 10000, 1000),
  }),
  outputSchema: outputSchema({
    format: 'string',
    generator: 'string',
    project_type: 'string',
    components_count: 'integer',
    components: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          name: { type: 'string' },
          version: { type: 'string' },
          purl: { type: 'string' },
        },
      },
    },
    truncated: 'boolean',
    artifact_name: 'string',
    command: { type: 'array', items: { type: 'string' } },
    exit_code: 'integer',
    summary: 'string',
    diagnostics: DIAGNOSTICS_SCHEMA,
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 240,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: PATH_POLICY,
  examples: [{}, { path: '.', format: 'cyclonedx-json', max_components: 5000 }],
})
export class SbomGenerateTool implements ToolHandler {
  async execute({ args, workspace, signal }: ToolContext): Promise<ToolResult> {
    const inventory = await collectInventory(workspace, readString(args, 'path', '.'), signal);
    if (inventory.error !== undefined) {
      return { logs: inventory.logs, exit_code: 1, error: inventory.error };
    }
    const max = readInteger(args, 'max_components', 1000, 1, 10000);
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
