import type { JsonValue } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { collectInventory } from './inventory/dependency-inventory.js';
import { inventoryReport, inventorySummary } from './inventory/inventory-summary.js';
import {
  DEPENDENCY_SCHEMA,
  DIAGNOSTICS_SCHEMA,
  JSON_CONTENT_TYPE,
  PATH_POLICY,
  PATH_SCHEMA,
  TEXT_CONTENT_TYPE,
  inputSchema,
  integerSchema,
  outputSchema,
  readInteger,
  readString,
} from './security-schemas.js';

@Tool({
  name: 'security.scan_dependencies',
  description:
    'List the dependencies of a project from its lockfiles and manifests (toolchain fallback).',
  inputSchema: inputSchema({
    path: PATH_SCHEMA,
    max_dependencies: integerSchema(
      'Dependencies returned inline (the artifact has all)',
      1,
      5000,
      500,
    ),
  }),
  outputSchema: outputSchema({
    project_type: 'string',
    command: { type: 'array', items: { type: 'string' } },
    scanner: 'string',
    dependencies_count: 'integer',
    dependencies: { type: 'array', items: DEPENDENCY_SCHEMA },
    truncated: 'boolean',
    exit_code: 'integer',
    summary: 'string',
    diagnostics: DIAGNOSTICS_SCHEMA,
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 180,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: PATH_POLICY,
  examples: [{}, { path: 'services/api', max_dependencies: 100 }],
  aliases: ['deps.list'],
})
export class ScanDependenciesTool implements ToolHandler {
  async execute({ args, workspace, signal }: ToolContext): Promise<ToolResult> {
    const inventory = await collectInventory(workspace, readString(args, 'path', '.'), signal);
    const max = readInteger(args, 'max_dependencies', 500, 1, 5000);
    const { dependencies, diagnostics, command } = inventory;
    const exitCode = inventory.error === undefined ? 0 : 1;
    const output = {
      project_type: inventory.project.project_type,
      command,
      scanner: 'workspace-inventory-v1',
      dependencies_count: dependencies.length,
      dependencies: dependencies.slice(0, max).map((entry) => ({ ...entry })),
      truncated: dependencies.length > max,
      exit_code: exitCode,
      summary: inventory.error?.message ?? inventorySummary(dependencies, diagnostics),
      diagnostics: diagnostics.map((entry) => ({ ...entry })),
    } satisfies JsonValue;
    return {
      output,
      exit_code: exitCode,
      logs: inventory.logs,
      artifacts: [
        {
          name: 'dependency-scan-output.txt',
          content_type: TEXT_CONTENT_TYPE,
          data: Buffer.from(inventoryReport(command, dependencies, diagnostics), 'utf8'),
        },
        {
          name: 'dependency-inventory.json',
          content_type: JSON_CONTENT_TYPE,
          data: Buffer.from(`${JSON.stringify(dependencies, null, 2)}\n`, 'utf8'),
        },
      ],
      ...(inventory.error === undefined ? {} : { error: inventory.error }),
    };
  }
}
