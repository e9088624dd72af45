import { Kind } from '@sinclair/typebox';
import type { TSchema } from '@sinclair/typebox';
import type { JsonObject, JsonSchema, JsonValue } from '#app/contracts';
import { ComputedDefaultKind } from './schema-builders.js';

// Members holding data rather than schemas: copied as they are.
const DATA_KEYWORDS = new Set(['default', 'enum', 'const', 'examples']);

// The members each TypeBox builder adds after the caller's options, published right after `type`.
const STRUCTURE_BY_KIND: Record<string, readonly string[]> = {
  Object: ['properties', 'required'],
  Array: ['items'],
};

/**
 * The JSON Schema a tool publishes in the catalog, from its TypeBox declaration: TypeBox's
 * markers dropped, and members in a reading order that does not depend on how a builder spreads
 * its options — `type`, then the builder's structure (`properties`, `required`, `items`), then the
 * options as written. A schema built with `Type.Unsafe` keeps the order it was written in.
 */
export function publishSchema(schema: TSchema): JsonSchema {
  return publishNode(schema as unknown as SchemaNode, 'catalog');
}

/**
 * What Ajv compiles to validate args and fill defaults: the published schema without the defaults of
 * `ComputedDefault` members, which the handler takes from the configuration instead.
 */
export function validationSchema(schema: TSchema): JsonSchema {
  return publishNode(schema as unknown as SchemaNode, 'validation');
}

type Purpose = 'catalog' | 'validation';

type SchemaNode = Record<string | symbol, unknown>;

function publishNode(node: SchemaNode, purpose: Purpose): JsonObject {
  const kind = typeof node[Kind] === 'string' ? node[Kind] : 'Unsafe';
  const leading = kind === 'Unsafe' ? [] : ['type', ...(STRUCTURE_BY_KIND[kind] ?? [])];
  const keys = [...leading.filter((key) => key in node), ...Object.keys(node)];
  const configured = purpose === 'validation' && node[ComputedDefaultKind] === true;
  const result: JsonObject = {};
  for (const key of keys) {
    if (key in result || node[key] === undefined || (configured && key === 'default')) {
      continue;
    }
    result[key] = DATA_KEYWORDS.has(key)
      ? toJson(node[key])
      : publishMember(key, node[key], purpose);
  }
  return result;
}

function publishMember(key: string, value: unknown, purpose: Purpose): JsonValue {
  if (key === 'properties' || key === 'patternProperties' || key === '$defs') {
    const members: JsonObject = {};
    for (const [name, member] of Object.entries(value as Record<string, unknown>)) {
      members[name] = publishValue(member, purpose);
    }
    return members;
  }
  return publishValue(value, purpose);
}

function publishValue(value: unknown, purpose: Purpose): JsonValue {
  if (Array.isArray(value)) {
    return value.map((item) => publishValue(item, purpose));
  }
  if (typeof value === 'object' && value !== null) {
    return publishNode(value as SchemaNode, purpose);
  }
  return toJson(value);
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
