import type { JsonObject, JsonValue } from '#app/contracts';

/** A step tool's output as an object; anything else reads as empty. */
export function asObject(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/** The string members of an array output member; anything else reads as empty. */
export function stringArray(value: JsonValue | undefined): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
