import type { JsonObject, JsonValue } from '#app/contracts';

/**
 * Looks a policy field up in args by dotted path (`request.path`). Only objects are walked;
 * `undefined` when any segment is missing or crosses a non-object.
 */
export function lookupField(args: JsonObject, field: string): JsonValue | undefined {
  let current: JsonValue | undefined = args;
  for (const segment of field.trim().split('.')) {
    if (!isJsonObject(current) || !Object.hasOwn(current, segment)) {
      return undefined;
    }
    current = current[segment];
  }
  return current;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent, `null` and `""` all mean "not given" for path and metadata fields. */
export function isUnset(value: JsonValue | undefined): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

/**
 * The string values of a field: with `multi` an array of strings, otherwise a single string.
 * `null` when the payload has the wrong shape.
 */
export function stringValues(value: JsonValue, multi: boolean): string[] | null {
  if (!multi) {
    return typeof value === 'string' ? [value] : null;
  }
  return isStringArray(value) ? value : null;
}

/** A string or an array of strings, whatever `multi` says (namespace and registry fields). */
export function stringOrStringArray(value: JsonValue): string[] | null {
  if (typeof value === 'string') {
    return [value];
  }
  return isStringArray(value) ? value : null;
}

function isStringArray(value: JsonValue): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
