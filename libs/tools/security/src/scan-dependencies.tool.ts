import { Type } from '@sinclair/typebox';
import type { JsonValue } from '#app/contracts';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  pathPolicy,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { JSON_CONTENT_TYPE, TEXT_CONTENT_TYPE } from './content-types.js';
import { collectInventory } from './inventory/dependency-inventory.js';
import { inventoryReport, inventorySummary } from './inventory/inventory-summary.js';
import { DependencySchema, InventoryDiagnosticsSchema } from './inventory.schema.js';
import { ProjectPathArg } from './project-path.schema.js';

const ScanDependenciesArgs = ToolArgs({
  path: ProjectPathArg,
  max_dependencies: Defaulted(
    Type.Integer({
      description: 'Dependencies returned inline (the artifact has all)',
      minimum: 1,
      maximum: 5000,
      default: 500,
    }),
  ),
});

@Tool({
  name: 'security.scan_dependencies',
  description:
    'List the dependencies of a project from its lockfiles and manifests (toolchain fallback).',
  inputSchema: ScanDependenciesArgs,
  outputSchema: ToolOutput({
    project_type: Type.String(),
    command: Type.Array(Type.String()),
    scanner: Type.String(),
    dependencies_count: Type.Integer(),
    dependencies: Type.Array(DependencySchema),
    truncated: Type.Boolean(),
    exit_code: Type.Integer(),
    summary: Type.String(),
    diagnostics: InventoryDiagnosticsSchema,
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 180,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: pathPolicy('path'),
  examples: [{}, { path: 'services/api', max_dependencies: 100 }],
  aliases: ['deps.list'],
})
export class SecurityScanDependenciesTool implements ToolHandler<typeof ScanDependenciesArgs> {
  async execute({
    args,
    workspace,
    signal,
    progress,
  }: ToolContext<typeof ScanDependenciesArgs>): Promise<ToolResult> {
    const inventory = await collectInventory(workspace, args.path, signal, progress);
    const max = args.max_dependencies;
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
