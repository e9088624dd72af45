import type { JsonSchema, PolicyBindings } from '#app/contracts';

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

/** Policy bindings of a connection tool: `profile_fields` plus the family's name binding. */
export function connectionPolicy(
  binding?: 'subject_fields' | 'topic_fields' | 'queue_fields' | 'key_prefix_fields',
  field?: string,
  multi = false,
): PolicyBindings {
  const policy: PolicyBindings = { profile_fields: [{ field: 'profile_id' }] };
  if (binding !== undefined && field !== undefined) {
    policy[binding] = [multi ? { field, multi: true } : { field }];
  }
  return policy;
}
