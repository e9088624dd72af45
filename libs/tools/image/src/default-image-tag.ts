/** CATALOG.md 17: `workspace.local/workspace:<session id, lowercased, characters outside [a-z0-9_.-] → ->`. */
export function defaultImageTag(sessionId: string): string {
  return `workspace.local/workspace:${sessionId.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}`;
}
