/**
 * A deep copy of a stored record, so callers never share mutable state with the store. Records are
 * plain JSON-shaped data; plain objects and arrays are copied by hand (several times faster than
 * `structuredClone`, which dominated the memory stores in the profile — docs/PERFORMANCE.md), and
 * anything else that is an object falls back to `structuredClone` so the result is the same.
 */
export function cloneRecord<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value === 'function') {
    return structuredClone(value);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) {
      return structuredClone(value);
    }
    const result = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index += 1) {
      result[index] = copy(value[index]);
    }
    return result;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    return structuredClone(value);
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = copy((value as Record<string, unknown>)[key]);
    if (key === '__proto__') {
      // An own `__proto__` member (JSON.parse makes those) must stay a member, not become the prototype.
      Object.defineProperty(result, key, {
        value: member,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      result[key] = member;
    }
  }
  return result;
}

/**
 * A deep copy, deeply frozen: a store can hand the same object to every reader without copying it
 * again, and a reader that tries to change it throws (strict mode) instead of changing the store.
 */
export function frozenRecord<T>(value: T): T {
  return freeze(copy(value)) as T;
}

function freeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) {
      freeze((value as Record<string, unknown>)[key]);
    }
    Object.freeze(value);
  }
  return value;
}
