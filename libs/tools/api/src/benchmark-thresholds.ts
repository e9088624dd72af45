export interface ThresholdInput {
  p95Ms: number;
  errorRate: number;
  checksRate: number;
}

/**
 * CATALOG.md 10 thresholds, as k6 would evaluate them: p95 below `p95_ms`, failed-request rate
 * below `error_rate`, checks rate above `checks`. Each violation is one readable line.
 */
/** The `thresholds` arg of `api.benchmark`: each member left out is not checked. */
export interface ThresholdsArg {
  p95_ms?: number;
  error_rate?: number;
  checks?: number;
}

export function evaluateThresholds(
  args: { thresholds?: ThresholdsArg },
  measured: ThresholdInput,
): { passed: boolean; violations: string[] } {
  const { p95_ms: p95, error_rate: errorRate, checks } = args.thresholds ?? {};
  const violations: string[] = [];
  if (p95 !== undefined && !(measured.p95Ms < p95)) {
    violations.push(`p95_ms: p(95)=${measured.p95Ms}ms is not below ${p95}ms`);
  }
  if (errorRate !== undefined && !(measured.errorRate < errorRate)) {
    violations.push(`error_rate: ${measured.errorRate} is not below ${errorRate}`);
  }
  if (checks !== undefined && !(measured.checksRate > checks)) {
    violations.push(`checks: ${measured.checksRate} is not above ${checks}`);
  }
  return { passed: violations.length === 0, violations };
}
