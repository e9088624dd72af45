/**
 * The last number formatted and its text: a request formats the same millisecond several times
 * (started_at, artifacts' created_at, completed_at, events), and concurrent requests share it too.
 * Keyed by the exact input, so a hit returns what formatting that input again would.
 */
let lastMs = Number.NaN;
let lastText = '';

/** RFC 3339, UTC, exactly three fractional digits (API.md 1.3). `Date#toISOString` already is. */
export function toTimestamp(date: Date | number): string {
  const ms = typeof date === 'number' ? date : date.getTime();
  if (ms === lastMs) {
    return lastText;
  }
  // Throws RangeError for an invalid time as before (NaN never equals the cached key).
  const text = new Date(ms).toISOString();
  lastMs = ms;
  lastText = text;
  return text;
}
