import type { JsonValue } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { collectInventory } from './inventory/dependency-inventory.js';
import type { Dependency } from './inventory/dependency.js';
import { inventorySummary } from './inventory/inventory-summary.js';
import { normaliseLicenseList } from './license/license-tokens.js';
import { type LicenseVerdict, evaluateLicense } from './license/license-verdict.js';
import {
  DEPENDENCY_SCHEMA,
  DIAGNOSTICS_SCHEMA,
  JSON_CONTENT_TYPE,
  PATH_POLICY,
  PATH_SCHEMA,
  TEXT_CONTENT_TYPE,
  VIOLATION_SCHEMA,
  inputSchema,
  integerSchema,
  outputSchema,
  readInteger,
  readString,
  readStringArray,
} from './security-schemas.js';

const LICENSE_LIST_SCHEMA = { type: 'array', items: { type: 'string' } };

interface Verdict extends Dependency {
  verdict: LicenseVerdict;
  reason?: string;
}

@Tool({
  name: 'security.license_check',
  description: 'Check dependency licenses against allow and deny lists of SPDX identifiers.',
  inputSchema: inputSchema({
    path: PATH_SCHEMA,
    max_dependencies: integerSchema(
      'Dependencies returned inline (the report has all)',
      1,
      5000,
      500,
    ),
    allowed_licenses: {
      ...LICENSE_LIST_SCHEMA,
      description: 'When non-empty, other licenses are denied',
      default: [],
    },
    denied_licenses: {
      ...LICENSE_LIST_SCHEMA,
      description: 'Licenses that fail the check',
      default: [],
    },
    unknown_policy: {
      type: 'string',
      enum: ['warn', 'deny'],
      description: 'Verdict for unknown licenses',
      default: 'warn',
    },
  }),
  outputSchema: outputSchema({
    status: 'string',
    dependencies_count: 'integer',
    allowed_count: 'integer',
    denied_count: 'integer',
    unknown_count: 'integer',
    violations: { type: 'array', items: VIOLATION_SCHEMA },
    dependencies: { type: 'array', items: DEPENDENCY_SCHEMA },
    allowed_licenses: LICENSE_LIST_SCHEMA,
    denied_licenses: LICENSE_LIST_SCHEMA,
    unknown_policy: 'string',
    license_source_command: LICENSE_LIST_SCHEMA,
    truncated: 'boolean',
    exit_code: 'integer',
    summary: 'string',
    diagnostics: DIAGNOSTICS_SCHEMA,
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 180,
  maxRetries: 0,
  outputLimitKb: 4096,
  policy: PATH_POLICY,
  examples: [
    { denied_licenses: ['GPL-3.0', 'AGPL-3.0'] },
    { allowed_licenses: ['MIT', 'Apache-2.0', 'BSD-3-Clause'], unknown_policy: 'deny' },
  ],
  aliases: ['license.check'],
})
export class LicenseCheckTool implements ToolHandler {
  async execute({ args, workspace, signal }: ToolContext): Promise<ToolResult> {
    const inventory = await collectInventory(workspace, readString(args, 'path', '.'), signal);
    if (inventory.error !== undefined) {
      return { logs: inventory.logs, exit_code: 1, error: inventory.error };
    }
    const max = readInteger(args, 'max_dependencies', 500, 1, 5000);
    const allowed = normaliseLicenseList(readStringArray(args, 'allowed_licenses'));
    const denied = normaliseLicenseList(readStringArray(args, 'denied_licenses'));
    const unknownPolicy = readString(args, 'unknown_policy', 'warn') === 'deny' ? 'deny' : 'warn';
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
