const MAX_SHOWN_CHARS = 80;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/**
 * One problem line of CONFIG.md 1.3, without the indentation: `NAME: rule (got "value")`.
 * Secrets show `(got <redacted>)`; an unset variable shows no value; long values are cut with `…`.
 */
export function describeProblem(
  variable: string,
  rule: string,
  value: string | undefined,
  secret: boolean,
): string {
  if (value === undefined) {
    return `${variable}: ${rule}`;
  }
  if (secret) {
    return `${variable}: ${rule} (got <redacted>)`;
  }
  return `${variable}: ${rule} (got "${escapeControlChars(cut(value))}")`;
}

// Counts code points, so a cut never splits a surrogate pair.
function cut(value: string): string {
  const chars = Array.from(value);
  return chars.length > MAX_SHOWN_CHARS ? `${chars.slice(0, MAX_SHOWN_CHARS).join('')}…` : value;
}

// An inner newline (e.g. in a mounted file) must not break the one-line-per-problem format.
function escapeControlChars(value: string): string {
  return value.replace(CONTROL_CHARS, (char) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
