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

/** CATALOG.md 1.6: every output member with its top-level JSON type (or a fuller schema). */
export function outputSchema(members: Record<string, string | JsonSchema>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, member] of Object.entries(members)) {
    properties[name] = typeof member === 'string' ? { type: member } : member;
  }
  return { type: 'object', properties };
}

export function stringSchema(description: string, fallback?: string): JsonSchema {
  return fallback === undefined
    ? { type: 'string', description }
    : { type: 'string', description, default: fallback };
}

export function booleanSchema(description: string, fallback: boolean): JsonSchema {
  return { type: 'boolean', description, default: fallback };
}

/** An inclusive range; `fallback` is the handler default (annotation only, never injected). */
export function integerSchema(
  description: string,
  minimum: number,
  maximum: number,
  fallback?: number,
): JsonSchema {
  return {
    type: 'integer',
    description,
    minimum,
    maximum,
    ...(fallback === undefined ? {} : { default: fallback }),
  };
}

export function stringArraySchema(description: string): JsonSchema {
  return { type: 'array', items: { type: 'string' }, description, default: [] };
}

/** `path_fields` entries, all workspace-relative (CATALOG.md 22). */
export function pathPolicy(...fields: string[]): PolicyBindings {
  return { path_fields: fields.map((field) => ({ field, workspace_relative: true })) };
}
