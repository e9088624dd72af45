import type { JsonObject } from '#app/contracts';

export interface ThresholdInput {
  p95Ms: number;
  errorRate: number;
  checksRate: number;
}

/**
 * CATALOG.md 10 thresholds, as k6 would evaluate them: p95 below `p95_ms`, failed-request rate
 * below `error_rate`, checks rate above `checks`. Each violation is one readable line.
 */
export function evaluateThresholds(
  args: JsonObject,
  measured: ThresholdInput,
): { passed: boolean; violations: string[] } {
  const thresholds = (args['thresholds'] ?? {}) as Record<string, unknown>;
  const violations: string[] = [];
  const p95 = thresholds['p95_ms'];
  if (typeof p95 === 'number' && !(measured.p95Ms < p95)) {
    violations.push(`p95_ms: p(95)=${measured.p95Ms}ms is not below ${p95}ms`);
  }
  const errorRate = thresholds['error_rate'];
  if (typeof errorRate === 'number' && !(measured.errorRate < errorRate)) {
    violations.push(`error_rate: ${measured.errorRate} is not below ${errorRate}`);
  }
  const checks = thresholds['checks'];
  if (typeof checks === 'number' && !(measured.checksRate > checks)) {
    violations.push(`checks: ${measured.checksRate} is not above ${checks}`);
  }
  return { passed: violations.length === 0, violations };
}
