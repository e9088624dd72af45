import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';

/** The five metrics of CATALOG.md 8 `quality.gate`, normalised to numbers (absent = 0). */
export interface GateMetrics {
  coverage_percent: number;
  diagnostics_count: number;
  vulnerabilities_count: number;
  denied_licenses_count: number;
  failed_tests_count: number;
}

/** The thresholds; a negative value disables its rule. */
export interface GateThresholds {
  min_coverage_percent: number;
  max_diagnostics: number;
  max_vulnerabilities: number;
  max_denied_licenses: number;
  max_failed_tests: number;
}

export interface GateRule {
  name: keyof GateMetrics;
  operator: '>=' | '<=';
  expected: number;
  actual: number;
  passed: boolean;
  message: string;
}

export const DEFAULT_THRESHOLDS: Readonly<GateThresholds> = Object.freeze({
  min_coverage_percent: -1,
  max_diagnostics: -1,
  max_vulnerabilities: -1,
  max_denied_licenses: -1,
  max_failed_tests: 0,
});

/** Metric members and their accepted aliases, canonical name first. */
const METRIC_NAMES: Array<[keyof GateMetrics, string[]]> = [
  ['coverage_percent', []],
  ['diagnostics_count', []],
  ['vulnerabilities_count', ['vulns_count']],
  ['denied_licenses_count', ['denied_count']],
  ['failed_tests_count', []],
];

/** Rules in catalog order: metric, operator, threshold member. */
const RULES: Array<[keyof GateMetrics, '>=' | '<=', keyof GateThresholds]> = [
  ['coverage_percent', '>=', 'min_coverage_percent'],
  ['diagnostics_count', '<=', 'max_diagnostics'],
  ['vulnerabilities_count', '<=', 'max_vulnerabilities'],
  ['denied_licenses_count', '<=', 'max_denied_licenses'],
  ['failed_tests_count', '<=', 'max_failed_tests'],
];

/**
 * Numbers or numeric strings; the canonical name wins over its alias.
 * @throws AppException `invalid_argument` `metrics.<name> must be a number` for a string that does not parse
 */
export function normaliseMetrics(
  raw: Readonly<Record<string, number | string | undefined>> | undefined,
): GateMetrics {
  const metrics: GateMetrics = {
    coverage_percent: 0,
    diagnostics_count: 0,
    vulnerabilities_count: 0,
    denied_licenses_count: 0,
    failed_tests_count: 0,
  };
  for (const [name, aliases] of METRIC_NAMES) {
    const member = [name, ...aliases].find((key) => raw?.[key] !== undefined && raw[key] !== null);
    if (member !== undefined) {
      metrics[name] = toNumber(`metrics.${member}`, raw?.[member]);
    }
  }
  return metrics;
}

function toNumber(field: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.trim());
    if (Number.isFinite(parsed)) {
      return parsed;
    }
  }
  throw new AppException('invalid_argument', `${field} must be a number`);
}

/** The output of `quality.gate` (CATALOG.md 8): only enabled rules appear; a fail is a normal result. */
export function evaluateGate(metrics: GateMetrics, thresholds: GateThresholds): JsonObject {
  const rules: GateRule[] = [];
  for (const [name, operator, threshold] of RULES) {
    const expected = thresholds[threshold];
    if (expected < 0) {
      continue;
    }
    const actual = metrics[name];
    const passed = operator === '>=' ? actual >= expected : actual <= expected;
    const verdict = passed ? 'ok' : 'violated';
    rules.push({
      name,
      operator,
      expected,
      actual,
      passed,
      message: `${name} ${actual} ${operator} ${expected}: ${verdict}`,
    });
  }
  const passedCount = rules.filter((rule) => rule.passed).length;
  const passed = passedCount === rules.length;
  return {
    status: passed ? 'pass' : 'fail',
    passed,
    failed_rules_count: rules.length - passedCount,
    rules: rules.map((rule) => ({ ...rule })),
    metrics: { ...metrics },
    thresholds: { ...thresholds },
    exit_code: passed ? 0 : 1,
    summary: `quality gate ${passed ? 'passed' : 'failed'} (${passedCount}/${rules.length} rules)`,
  };
}
