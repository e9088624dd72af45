import type { ArgFieldRule, JsonSchema, PolicyBindings } from '#app/contracts';

// CATALOG.md 1.4. Kept inside the family so it depends on no other tool library.
export const SHELL_DENY: readonly string[] = Object.freeze([
  ';',
  '|',
  '&',
  '`',
  '$(',
  '>',
  '<',
  '\n',
  '\r',
]);
export const SHELL_DENY_SPACE: readonly string[] = Object.freeze([...SHELL_DENY, ' ']);

/** CATALOG.md 22: `ref`-like args of `git.checkout`, `git.log`, `git.show`. */
export function refArgField(field: string): ArgFieldRule {
  return { field, max_length: 256, deny_characters: [...SHELL_DENY] };
}

/** CATALOG.md 1.4 `GIT_REMOTE_POLICY` (`git.push`, `git.fetch`, `git.pull`). */
export const GIT_REMOTE_POLICY: PolicyBindings = {
  arg_fields: [
    { field: 'remote', max_length: 128, deny_characters: [...SHELL_DENY_SPACE] },
    { field: 'refspec', max_length: 512, deny_characters: [...SHELL_DENY_SPACE] },
  ],
};

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

/** CATALOG.md 1.6, plus the `command` and `exit_code` every git output carries (CATALOG.md 5). */
export function gitOutputSchema(members: Record<string, string | JsonSchema>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, member] of Object.entries(members)) {
    properties[name] = typeof member === 'string' ? { type: member } : member;
  }
  properties['command'] = { type: 'array', items: { type: 'string' } };
  properties['exit_code'] = { type: 'integer' };
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

export function stringArraySchema(description: string): JsonSchema {
  return { type: 'array', items: { type: 'string' }, description, default: [] };
}

export const STRING_ARRAY: JsonSchema = { type: 'array', items: { type: 'string' } };
