import type { JsonObject, JsonSchema, PolicyBindings } from '#app/contracts';

/** CATALOG.md 1.5 root shape: `required` omitted when empty, unknown members refused. */
export function inputSchema(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', properties, additionalProperties: false };
}

/** CATALOG.md 1.6: every output member with its top-level JSON type (array items documented). */
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

/** CATALOG.md 20.1: the directory inspected (default the workspace root). */
export const PATH_SCHEMA: JsonSchema = {
  type: 'string',
  description: 'Workspace-relative directory (absolute paths under the workspace are accepted)',
  default: '.',
};

/** CATALOG.md 22: every security/sbom tool binds `path` (aliases share it). */
export const PATH_POLICY: PolicyBindings = {
  path_fields: [{ field: 'path', workspace_relative: true }],
};

export const DEPENDENCY_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    ecosystem: { type: 'string', enum: ['npm', 'pypi', 'go', 'cargo', 'maven'] },
    license: { type: 'string' },
  },
};

export const VIOLATION_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    ...(DEPENDENCY_SCHEMA['properties'] as Record<string, JsonSchema>),
    reason: { type: 'string' },
  },
};

export const DIAGNOSTICS_SCHEMA: JsonSchema = {
  type: 'array',
  description: 'Manifests skipped (over 20 MiB, unreadable) or malformed; never fatal',
  items: { type: 'object', properties: { file: { type: 'string' }, message: { type: 'string' } } },
};

/** Args were validated against the schema; these apply defaults and clamp defensively (CATALOG.md 3.2). */
export function readString(args: JsonObject, name: string, fallback: string): string {
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

export function readStringArray(args: JsonObject, name: string): string[] {
  const value = args[name];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json';
