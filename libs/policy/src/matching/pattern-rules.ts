/**
 * Pattern rules for topics, queues, namespaces and registries (API.md 7.6), tried in order:
 * `*`; equality; `prefix.>`; exactly one `*` as a prefix/suffix wildcard; a pattern ending in
 * `.`, `:` or `/` as a plain prefix. Anything else does not match.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  if (pattern === '*' || pattern === value) {
    return true;
  }
  if (pattern.endsWith('.>') && value.startsWith(pattern.slice(0, -1))) {
    return true;
  }
  const parts = pattern.split('*');
  if (parts.length === 2) {
    const [head, tail] = parts as [string, string];
    const longEnough = value.length >= head.length + tail.length;
    if (longEnough && value.startsWith(head) && value.endsWith(tail)) {
      return true;
    }
  }
  return /[.:/]$/.test(pattern) && value.startsWith(pattern);
}
