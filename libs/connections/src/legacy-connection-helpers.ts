// TEMPORARY during the kit migration (issue 12 step 1): the pre-kit helpers, so the service boots
// while the connection families are converted. Deleted once they are.
import type { JsonObject, JsonSchema } from '#app/contracts';
import { AppException } from '#app/errors';
/** CATALOG.md 1.5 root shape: `required` omitted when empty, unknown members refused. */
export function inputSchema(
  properties: Record<string, JsonSchema>,
  required: string[] = [],
): JsonSchema {
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

/** CATALOG.md 1.6: every output member with its top-level JSON type. */
export function outputSchema(members: Record<string, string | JsonSchema>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, member] of Object.entries(members)) {
    properties[name] = typeof member === 'string' ? { type: member } : member;
  }
  return { type: 'object', properties };
}

export function integerSchema(
  description: string,
  minimum: number,
  maximum: number,
  fallback: number,
): JsonSchema {
  return { type: 'integer', description, minimum, maximum, default: fallback };
}

export function stringSchema(description: string, fallback?: string): JsonSchema {
  return fallback === undefined
    ? { type: 'string', description }
    : { type: 'string', description, default: fallback };
}

export function enumSchema(description: string, values: string[], fallback: string): JsonSchema {
  return { type: 'string', description, enum: values, default: fallback };
}

export const PROFILE_ID_SCHEMA: JsonSchema = {
  type: 'string',
  description: 'Connection profile id (see conn.list_profiles)',
};

/** `timeout_ms` of the numeric convention (CATALOG.md 3.11). */
export function timeoutMsSchema(fallback: number): JsonSchema {
  return integerSchema('Operation budget in milliseconds (dial included)', 100, 10_000, fallback);
}

/** `max_bytes` of the numeric convention (CATALOG.md 3.11). */
export function maxBytesSchema(description: string, fallback: number): JsonSchema {
  return integerSchema(description, 1, 1_048_576, fallback);
}

export function keyListSchema(description: string): JsonSchema {
  return { type: 'array', description, items: { type: 'string' }, minItems: 1, maxItems: 200 };
}

// Args were validated against the schema already; these apply defaults and clamp defensively
// (CATALOG.md 3.2: never reject a value the schema accepted).

export function readString(args: JsonObject, name: string, fallback = ''): string {
  const value = args[name];
  return typeof value === 'string' ? value : fallback;
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

/** `timeout_ms` of the numeric convention (CATALOG.md 3.11): 100–10000. */
export function readTimeoutMs(args: JsonObject, fallback: number): number {
  return readInteger(args, 'timeout_ms', fallback, 100, 10_000);
}

/**
 * A key array (CATALOG.md 14): 1–200 items by schema; an empty item is refused here.
 *
 * @throws AppException `invalid_argument` `<name> must not contain empty items`
 */
export function readKeyList(args: JsonObject, name: string): string[] {
  const value = args[name];
  const items = Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
  if (items.some((item) => item === '')) {
    throw new AppException('invalid_argument', `${name} must not contain empty items`);
  }
  return items.slice(0, 200);
}
