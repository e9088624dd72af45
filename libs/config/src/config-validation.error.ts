/**
 * Thrown by `loadAppConfig` with every configuration problem at once. `format()` is the exact
 * stderr block of CONFIG.md 1.3; the caller prints it and exits with code 1. Never holds secrets.
 */
export class ConfigValidationError extends Error {
  /** One line per problem: `WORKSPACE_BACKEND: must be one of local, kubernetes (got "docker")`. */
  readonly problems: string[];

  constructor(problems: readonly string[]) {
    super(formatProblems(problems));
    this.name = 'ConfigValidationError';
    this.problems = [...problems];
  }

  /** `invalid configuration (N problems):` followed by each problem indented by two spaces. */
  format(): string {
    return formatProblems(this.problems);
  }
}

function formatProblems(problems: readonly string[]): string {
  const count = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`;
  return [`invalid configuration (${count}):`, ...problems.map((line) => `  ${line}`)].join('\n');
}
