export type IssueSeverity = 'high' | 'medium' | 'low';

/** CATALOG.md 17 issue shape; `snippet` is at most 240 characters. A type (not an interface) so it is a JSON value. */
export type LintIssue = {
  id: string;
  severity: IssueSeverity;
  /** 1-based line of the instruction; 0 for whole-file and reference issues. */
  line: number;
  message: string;
  snippet: string;
};

export const SNIPPET_MAX_CHARS = 240;

const SEVERITY_RANK: Readonly<Record<IssueSeverity, number>> = { high: 0, medium: 1, low: 2 };

const RECOMMENDATIONS: Readonly<Record<string, string>> = {
  'dockerfile.unpinned_base_image_latest': 'pin base images to an explicit tag or digest',
  'dockerfile.unpinned_base_image': 'pin base images to an explicit tag or digest',
  'dockerfile.add_instead_of_copy': 'use COPY instead of ADD for local files',
  'dockerfile.pipe_to_shell': 'download scripts to a file and verify them before running',
  'dockerfile.chmod_777': 'avoid world-writable permissions',
  'dockerfile.apt_install_recommends': 'use apt-get install --no-install-recommends',
  'dockerfile.missing_user': 'run as a non-root USER',
  'image_ref.latest_tag': 'reference images by an explicit version tag',
  'image_ref.missing_tag_or_digest': 'reference images by an explicit version tag',
  'image_ref.missing_digest': 'pin images by digest',
};

export const NO_ISSUES_RECOMMENDATION = 'no immediate issues found';

export function issue(
  id: string,
  severity: IssueSeverity,
  line: number,
  message: string,
  snippet: string,
): LintIssue {
  return { id, severity, line, message, snippet: snippet.slice(0, SNIPPET_MAX_CHARS) };
}

/** Sorted by severity (high, medium, low), then line, then id. */
export function sortIssues(issues: readonly LintIssue[]): LintIssue[] {
  return [...issues].sort(
    (left, right) =>
      SEVERITY_RANK[left.severity] - SEVERITY_RANK[right.severity] ||
      left.line - right.line ||
      (left.id < right.id ? -1 : left.id > right.id ? 1 : 0),
  );
}

/** What the image tools report about their issues (CATALOG.md 17). */
export type IssueReport = {
  /** All issues found, before the cut. */
  issues_count: number;
  issues: LintIssue[];
  recommendations: string[];
  /** The list was cut at `max_issues`. */
  truncated: boolean;
};

/**
 * Sorts, cuts at `maxIssues` and derives the recommendations: one per issue class present, in
 * issue order, de-duplicated; `no immediate issues found` when there is none; `[]` when not wanted.
 */
export function buildIssueReport(
  found: readonly LintIssue[],
  maxIssues: number,
  includeRecommendations: boolean,
): IssueReport {
  const sorted = sortIssues(found);
  const recommendations: string[] = [];
  if (includeRecommendations) {
    for (const item of sorted) {
      const text = RECOMMENDATIONS[item.id];
      if (text !== undefined && !recommendations.includes(text)) {
        recommendations.push(text);
      }
    }
    if (sorted.length === 0) {
      recommendations.push(NO_ISSUES_RECOMMENDATION);
    }
  }
  return {
    issues_count: sorted.length,
    issues: sorted.slice(0, maxIssues),
    recommendations,
    truncated: sorted.length > maxIssues,
  };
}
