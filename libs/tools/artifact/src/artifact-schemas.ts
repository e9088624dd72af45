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

export const PATH_POLICY: PolicyBindings = {
  path_fields: [{ field: 'path', workspace_relative: true }],
};
