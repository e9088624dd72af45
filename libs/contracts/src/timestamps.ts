/** RFC 3339, UTC, exactly three fractional digits (API.md 1.3). `Date#toISOString` already is. */
export function toTimestamp(date: Date | number): string {
  return new Date(date).toISOString();
}
