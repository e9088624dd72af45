import type { JsonSchema, JsonValue } from '#app/contracts';

/**
 * E7 shallow output check (CATALOG.md 1.6): root type, `required` members, and the declared type of
 * each member present. Returns the failure message or `null`.
 */
export function checkOutputShape(schema: JsonSchema, output: JsonValue | undefined): string | null {
  if (Object.keys(schema).length === 0) {
    return null;
  }
  const rootType = schema['type'];
  if (typeof rootType === 'string' && !matchesType(output ?? null, rootType)) {
    return `tool output type mismatch: expected ${rootType}`;
  }
  if (typeof output !== 'object' || output === null || Array.isArray(output)) {
    return null;
  }
  const required = Array.isArray(schema['required']) ? schema['required'] : [];
  for (const name of required) {
    if (typeof name === 'string' && !Object.hasOwn(output, name)) {
      return `tool output missing required field: ${name}`;
    }
  }
  const properties = schema['properties'];
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    return null;
  }
  for (const [name, member] of Object.entries(properties)) {
    const type =
      typeof member === 'object' && member !== null && !Array.isArray(member)
        ? member['type']
        : undefined;
    // Own members only: `toString` or `constructor` on the prototype are not output members.
    if (
      Object.hasOwn(output, name) &&
      typeof type === 'string' &&
      !matchesType(output[name] ?? null, type)
    ) {
      return `tool output field ${name} has invalid type`;
    }
  }
  return null;
}

function matchesType(value: JsonValue, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    default:
      // Unknown type names pass (CATALOG.md 1.6); `null` never matches a known one.
      return true;
  }
}
