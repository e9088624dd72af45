import type { JsonObject } from '#app/contracts';

// Args were validated against the schema already; these only apply defaults and clamp defensively
// (CATALOG.md 3.2: never reject a value the schema accepted).

export function readString(args: JsonObject, name: string, fallback = ''): string {
  const value = args[name];
  return typeof value === 'string' ? value : fallback;
}

/** `undefined` when the member is absent (or not a string). */
export function readOptionalString(args: JsonObject, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' ? value : undefined;
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

export function readStringArray(args: JsonObject, name: string): string[] {
  const value = args[name];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** String items with empty ones dropped, as path lists treat them (CATALOG.md 5 `git.diff`, `git.commit`). */
export function readPathList(args: JsonObject, name: string): string[] {
  return readStringArray(args, name).filter((item) => item !== '');
}
