const DIAGNOSTIC_LINE = /error|warning|fail|undefined/i;

/**
 * CATALOG.md 3.7 diagnostics extraction: the trimmed lines containing `error`, `warning`, `fail` or
 * `undefined` (any case), at most `max`; when none match, the first `max` non-empty trimmed lines.
 */
export function extractDiagnostics(text: string, max: number): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const matching = lines.filter((line) => DIAGNOSTIC_LINE.test(line));
  return (matching.length > 0 ? matching : lines).slice(0, Math.max(0, max));
}

/**
 * CATALOG.md 3.7 coverage parsing: the last `total: (statements) N%` (go tool cover), failing that
 * the last `coverage: N%`; `undefined` when neither is printed.
 */
export function parseCoveragePercent(text: string): number | undefined {
  const lastMatch = (pattern: RegExp): number | undefined => {
    let value: number | undefined;
    for (const match of text.matchAll(pattern)) {
      const parsed = Number.parseFloat(match[1] ?? '');
      if (Number.isFinite(parsed)) {
        value = parsed;
      }
    }
    return value;
  };
  return lastMatch(/total:\s+\(statements\)\s+([0-9.]+)%/g) ?? lastMatch(/coverage:\s+([0-9.]+)%/g);
}

/** The first `max` characters, and whether anything was cut. */
export function truncateText(text: string, max: number): { text: string; truncated: boolean } {
  return text.length <= max
    ? { text, truncated: false }
    : { text: text.slice(0, max), truncated: true };
}

/** A member that holds text, or `''`: never an object's `[object Object]` in a report or message. */
export function textMember(object: Readonly<Record<string, unknown>>, key: string): string {
  const value = object[key];
  return typeof value === 'string' ? value : '';
}
