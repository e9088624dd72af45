import type { JsonObject } from '#app/contracts';

// Args were validated against the schema already; these only apply defaults and clamp defensively
// (CATALOG.md 3.2: never reject a value the schema accepted).

export function readString(args: JsonObject, name: string, fallback = ''): string {
  const value = args[name];
  return typeof value === 'string' ? value : fallback;
}

/** `undefined` when the member is absent or empty: CATALOG.md treats both as "not given". */
export function readOptionalString(args: JsonObject, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function readBoolean(args: JsonObject, name: string, fallback: boolean): boolean {
  const value = args[name];
  return typeof value === 'boolean' ? value : fallback;
}

export function readInteger(
  args: JsonObject,
  name: string,
  fallback: number,
  minimum: number,
  maximum: number,
): number {
  const value = args[name];
  const number = typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : fallback;
  return Math.min(maximum, Math.max(minimum, number));
}

/** String items only, empty items dropped (CATALOG.md 5 `git.diff`). */
export function readStringArray(args: JsonObject, name: string): string[] {
  const value = args[name];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string' && item !== '')
    : [];
}
