import type { SecretRange } from './secret-patterns.js';

/** CATALOG.md 20: a secret value becomes its first 4 characters followed by `****`. */
export function maskSecret(value: string): string {
  return `${value.slice(0, 4)}****`;
}

/** Replaces every range of `text` (overlaps merged) with its masked form. */
export function maskRanges(text: string, ranges: readonly SecretRange[]): string {
  const merged: SecretRange[] = [];
  for (const range of [...ranges].sort((left, right) => left.start - right.start)) {
    const last = merged.at(-1);
    if (last !== undefined && range.start < last.end) {
      last.end = Math.max(last.end, range.end);
    } else if (range.end > range.start) {
      merged.push({ ...range });
    }
  }
  let masked = '';
  let cursor = 0;
  for (const range of merged) {
    masked += text.slice(cursor, range.start) + maskSecret(text.slice(range.start, range.end));
    cursor = range.end;
  }
  return masked + text.slice(cursor);
}
