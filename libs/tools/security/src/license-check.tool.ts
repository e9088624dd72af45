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
import { JSON_CONTENT_TYPE, TEXT_CONTENT_TYPE } from './content-types.js';
import { collectInventory } from './inventory/dependency-inventory.js';
import type { Dependency } from './inventory/dependency.js';
import { inventorySummary } from './inventory/inventory-summary.js';
import { normaliseLicenseList } from './license/license-tokens.js';
import { type LicenseVerdict, evaluateLicense } from './license/license-verdict.js';
import {
  DependencySchema,
  InventoryDiagnosticsSchema,
  ViolationSchema,
} from './inventory.schema.js';
import { ProjectPathArg } from './project-path.schema.js';

const LicenseCheckArgs = ToolArgs({
  path: ProjectPathArg,
  max_dependencies: Defaulted(
    Type.Integer({
      description: 'Dependencies returned inline (the report has all)',
      minimum: 1,
      maximum: 5000,
      default: 500,
    }),
  ),
  allowed_licenses: Defaulted(
    Type.Array(Type.String(), {
      description: 'When non-empty, other licenses are denied',
      default: [],
    }),
  ),
  denied_licenses: Defaulted(
    Type.Array(Type.String(), { description: 'Licenses that fail the check', default: [] }),
  ),
  unknown_policy: Defaulted(
    StringEnum(['warn', 'deny'], { description: 'Verdict for unknown licenses', default: 'warn' }),
  ),
});

interface Verdict extends Dependency {
  verdict: LicenseVerdict;
  reason?: string;
}

@Tool({
  name: 'security.license_check',
  description: 'Check dependency licenses against allow and deny lists of SPDX identifiers.',
  inputSchema: LicenseCheckArgs,
  outputSchema: ToolOutput({
    status: Type.String(),
    dependencies_count: Type.Integer(),
    allowed_count: Type.Integer(),
    denied_count: Type.Integer(),
    unknown_count: Type.Integer(),
    violations: Type.Array(ViolationSchema),
    dependencies: Type.Array(DependencySchema),
    allowed_licenses: Type.Array(Type.String()),
    denied_licenses: Type.Array(Type.String()),
    unknown_policy: Type.String(),
    license_source_command: Type.Array(Type.String()),
    truncated: Type.Boolean(),
    exit_code: Type.Integer(),
    summary: Type.String(),
    diagnostics: InventoryDiagnosticsSchema,
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 180,
  maxRetries: 0,
  outputLimitKb: 4096,
  policy: pathPolicy('path'),
  examples: [
    { denied_licenses: ['GPL-3.0', 'AGPL-3.0'] },
    { allowed_licenses: ['MIT', 'Apache-2.0', 'BSD-3-Clause'], unknown_policy: 'deny' },
  ],
  aliases: ['license.check'],
})
export class SecurityLicenseCheckTool implements ToolHandler<typeof LicenseCheckArgs> {
  async execute({
    args,
    workspace,
    signal,
    progress,
  }: ToolContext<typeof LicenseCheckArgs>): Promise<ToolResult> {
    const inventory = await collectInventory(workspace, args.path, signal, progress);
    if (inventory.error !== undefined) {
      return { logs: inventory.logs, exit_code: 1, error: inventory.error };
    }
    const max = args.max_dependencies;
    const allowed = normaliseLicenseList(args.allowed_licenses);
    const denied = normaliseLicenseList(args.denied_licenses);
    const unknownPolicy = args.unknown_policy;
    const policy = { allowed: new Set(allowed), denied: new Set(denied) };
    const verdicts: Verdict[] = inventory.dependencies.map((entry) => ({
      ...entry,
      ...evaluateLicense(entry.license, policy),
    }));
    const count = (verdict: LicenseVerdict): number =>
      verdicts.filter((entry) => entry.verdict === verdict).length;
    const counts = {
      allowed: count('allowed'),
      denied: count('denied'),
      unknown: count('unknown'),
    };
    const status =
      counts.denied > 0 || (unknownPolicy === 'deny' && counts.unknown > 0)
        ? 'fail'
        : counts.unknown > 0
          ? 'warn'
          : 'pass';
    const violations = verdicts
      .filter(
        (entry) =>
          entry.verdict === 'denied' || (unknownPolicy === 'deny' && entry.verdict === 'unknown'),
      )
      .map(({ name, version, ecosystem, license, reason }) => ({
        name,
        version,
        ecosystem,
        license,
        reason: reason ?? '',
      }));
    const exitCode = status === 'fail' ? 1 : 0;
    const summary =
      `license check ${status}: ${counts.allowed} allowed, ${counts.denied} denied, ${counts.unknown} unknown` +
      ` (${inventorySummary(inventory.dependencies, inventory.diagnostics)})`;
    const output = {
      status,
      dependencies_count: verdicts.length,
      allowed_count: counts.allowed,
      denied_count: counts.denied,
      unknown_count: counts.unknown,
      // Cut like `dependencies` so the inline output stays bounded; the report artifact has them all.
      violations: violations.slice(0, max),
      dependencies: verdicts
        .slice(0, max)
        .map(({ name, version, ecosystem, license, verdict }) => ({
          name,
          version,
          ecosystem,
          license,
          verdict,
        })),
      allowed_licenses: allowed,
      denied_licenses: denied,
      unknown_policy: unknownPolicy,
      license_source_command: inventory.command,
      truncated: verdicts.length > max,
      exit_code: exitCode,
      summary,
      diagnostics: inventory.diagnostics.map((entry) => ({ ...entry })),
    } satisfies JsonValue;
    const report = {
      ...output,
      violations,
      dependencies: verdicts.map((entry) => ({ ...entry })),
      truncated: false,
    };
    return {
      output,
      logs: inventory.logs,
      exit_code: exitCode,
      artifacts: [
        {
          name: 'license-check-output.txt',
          content_type: TEXT_CONTENT_TYPE,
          data: Buffer.from(textReport(summary, verdicts), 'utf8'),
        },
        {
          name: 'license-check-report.json',
          content_type: JSON_CONTENT_TYPE,
          data: Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8'),
        },
      ],
    };
  }
}

function textReport(summary: string, verdicts: readonly Verdict[]): string {
  const lines = verdicts.map(
    (entry) =>
      `${entry.verdict} ${entry.ecosystem} ${entry.name} ${entry.version} ${entry.license}${entry.reason === undefined ? '' : ` (${entry.reason})`}`,
  );
  return `${[summary, ...lines].join('\n')}\n`;
}
