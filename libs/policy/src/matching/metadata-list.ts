/** A comma-separated session metadata list (API.md 7.6): items trimmed, empty items dropped. */
export function parseMetadataList(value: string | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** An absent or empty list, or one holding `*`, places no restriction. */
export function isUnrestricted(list: readonly string[]): boolean {
  return list.length === 0 || list.includes('*');
}
