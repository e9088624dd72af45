import type { JsonObject, JsonValue } from '#app/contracts';
import { AppException } from '#app/errors';

export type FieldType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'array of strings'
  | 'object of strings'
  | 'object'
  | { fields: BodyShape };

export type BodyShape = Readonly<Record<string, FieldType>>;

/**
 * Checks a request body against its fixed shape (API.md 1.2): unknown members are rejected at every
 * level with `unknown field "<dotted.path>"`, wrong JSON types with `field "<path>" must be <type>`,
 * and `null` counts as absent. Free maps (`metadata`, `args`) are typed but not inspected further.
 */
export function checkBodyShape(body: JsonObject, shape: BodyShape, prefix = ''): void {
  for (const [key, value] of Object.entries(body)) {
    const path = `${prefix}${key}`;
    // Own members only: `__proto__` or `constructor` in a body must not find Object.prototype.
    const type = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (type === undefined) {
      throw new AppException('invalid_argument', `unknown field "${path}"`);
    }
    if (value === null) {
      continue;
    }
    checkType(value, type, path);
  }
}

function checkType(value: JsonValue, type: FieldType, path: string): void {
  if (typeof type === 'object') {
    if (!isObject(value)) {
      throw typeError(path, 'object');
    }
    checkBodyShape(value, type.fields, `${path}.`);
    return;
  }
  switch (type) {
    case 'string':
    case 'boolean':
      if (typeof value !== type) {
        throw typeError(path, type);
      }
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw typeError(path, type);
      }
      return;
    case 'array of strings':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        throw typeError(path, type);
      }
      return;
    case 'object of strings':
      if (!isObject(value)) {
        throw typeError(path, type);
      }
      for (const [key, member] of Object.entries(value)) {
        if (typeof member !== 'string') {
          throw typeError(`${path}.${key}`, 'string');
        }
      }
      return;
    case 'object':
      if (!isObject(value)) {
        throw typeError(path, type);
      }
      return;
    default: {
      const unknown: never = type;
      throw new Error(`unhandled field type ${String(unknown)}`);
    }
  }
}

function typeError(path: string, type: string): AppException {
  return new AppException('invalid_argument', `field "${path}" must be ${type}`);
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
