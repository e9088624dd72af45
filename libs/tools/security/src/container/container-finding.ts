export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';
export type SeverityThreshold = 'critical' | 'high' | 'medium' | 'low';

/** CATALOG.md 20 `security.scan_container` finding (a type alias so it is a JSON value). */
export type ContainerFinding = {
  kind: 'vulnerability' | 'misconfiguration' | 'secret';
  id: string;
  title: string;
  severity: FindingSeverity;
  target: string;
  [detail: string]: string | number;
};

const RANK: Readonly<Record<FindingSeverity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  unknown: 0,
};

/** `moderate` is accepted as `medium` (CATALOG.md 20). */
export function normaliseThreshold(value: string): SeverityThreshold {
  const lower = value.toLowerCase();
  return lower === 'moderate'
    ? 'medium'
    : lower === 'critical' || lower === 'high' || lower === 'low'
      ? lower
      : 'medium';
}

/** The trivy `--severity` list of a threshold. */
export function trivySeverityList(threshold: SeverityThreshold): string {
  return ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].slice(0, 5 - RANK[threshold]).join(',');
}

export function toSeverity(value: unknown): FindingSeverity {
  const lower = typeof value === 'string' ? value.toLowerCase() : '';
  return lower === 'critical' || lower === 'high' || lower === 'medium' || lower === 'low'
    ? lower
    : 'unknown';
}

/** Drops findings below the threshold; sorts by severity (descending), then target, id, kind. */
export function rankFindings(
  findings: readonly ContainerFinding[],
  threshold: SeverityThreshold,
): ContainerFinding[] {
  const compare = (left: string, right: string): number =>
    left < right ? -1 : left > right ? 1 : 0;
  return findings
    .filter((finding) => RANK[finding.severity] >= RANK[threshold])
    .sort(
      (left, right) =>
        RANK[right.severity] - RANK[left.severity] ||
        compare(left.target, right.target) ||
        compare(left.id, right.id) ||
        compare(left.kind, right.kind),
    );
}

export function severityCounts(
  findings: readonly ContainerFinding[],
): Record<FindingSeverity, number> {
  const counts: Record<FindingSeverity, number> = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    unknown: 0,
  };
  for (const finding of findings) {
    counts[finding.severity] += 1;
  }
  return counts;
}

export function cut(text: unknown, max: number): string {
  return typeof text === 'string' ? text.slice(0, max) : '';
}
