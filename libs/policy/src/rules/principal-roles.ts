const normalise = (role: string): string => role.trim().toLowerCase();

/** Roles are compared trimmed and case-insensitively (API.md 7.1). */
export function hasAnyRole(roles: readonly string[], ...wanted: string[]): boolean {
  const held = new Set(roles.map(normalise));
  return wanted.some((role) => held.has(normalise(role)));
}
