import type { JsonSchema, PolicyBindings } from '#app/contracts';

/** CATALOG.md 4 "Entry": types come from lstat, `mode` is four octal digits, dirs have size 0. */
export const ENTRY_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    type: { type: 'string', enum: ['file', 'dir', 'symlink', 'other'] },
    size_bytes: { type: 'integer' },
    mode: { type: 'string' },
    modified_at: { type: 'string' },
  },
};

/** CATALOG.md 4 "Match": 1-based line, snippet cut to 1,000 characters. */
export const MATCH_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    line: { type: 'integer' },
    snippet: { type: 'string' },
  },
};

/** A path argument; absolute paths under the workspace are accepted and made relative. */
export function pathSchema(description: string, fallback?: string): JsonSchema {
  return fallback === undefined
    ? { type: 'string', description }
    : { type: 'string', description, default: fallback };
}

export function booleanSchema(description: string, fallback: boolean): JsonSchema {
  return { type: 'boolean', description, default: fallback };
}

export function integerSchema(
  description: string,
  minimum: number,
  maximum: number,
  fallback: number,
): JsonSchema {
  return { type: 'integer', description, minimum, maximum, default: fallback };
}

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

/** CATALOG.md 1.6: every output member with its top-level JSON type (array items documented). */
export function outputSchema(members: Record<string, string | JsonSchema>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, member] of Object.entries(members)) {
    properties[name] = typeof member === 'string' ? { type: member } : member;
  }
  return { type: 'object', properties };
}

export function pathPolicy(...fields: string[]): PolicyBindings {
  return { path_fields: fields.map((field) => ({ field, workspace_relative: true })) };
}
