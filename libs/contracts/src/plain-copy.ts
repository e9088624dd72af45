import { types } from 'node:util';

// Deeper than any real call's args or stored record; past it the copy is left to structuredClone
// (no stack risk).
const MAX_DEPTH = 64;

/** Returned up the copy when a value is not plain JSON data: the caller then uses structuredClone. */
const NOT_PLAIN = Symbol('not plain');

/**
 * The same deep copy as `structuredClone(value)`, faster: plain objects, dense plain arrays and
 * primitives are copied by hand. Tool-call args (~1.5% of the invoke profile, issue 16) and the
 * memory stores' records (where structuredClone dominated the profile, docs/PERFORMANCE.md) are
 * copied with it. Anything whose structured clone could differ from a hand copy (another prototype,
 * null-prototype objects included, a proxy, a sparse or decorated array, an object reached twice —
 * shared or cyclic —, a symbol or function, great depth) makes the whole copy `structuredClone`'s,
 * errors included.
 */
export function plainCopy<T>(value: T): T {
  const copy = copyValue(value, 0, new Set());
  return copy === NOT_PLAIN ? structuredClone(value) : (copy as T);
}

function copyValue(value: unknown, depth: number, seen: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'symbol' || typeof value === 'function' ? NOT_PLAIN : value;
  }
  if (depth > MAX_DEPTH || seen.has(value) || types.isProxy(value)) {
    return NOT_PLAIN;
  }
  seen.add(value);
  if (Array.isArray(value)) {
    return copyArray(value, depth, seen);
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    return NOT_PLAIN;
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = copyValue((value as Record<string, unknown>)[key], depth + 1, seen);
    if (member === NOT_PLAIN) {
      return NOT_PLAIN;
    }
    if (key === '__proto__') {
      // An own `__proto__` member (JSON.parse makes those) stays a member, not the prototype.
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

function copyArray(value: unknown[], depth: number, seen: Set<object>): unknown {
  // Holes and extra named members survive a structured clone; leave those arrays to it.
  if (
    Object.getPrototypeOf(value) !== Array.prototype ||
    Object.keys(value).length !== value.length
  ) {
    return NOT_PLAIN;
  }
  const result = new Array<unknown>(value.length);
  for (let index = 0; index < value.length; index += 1) {
    const item = copyValue(value[index], depth + 1, seen);
    if (item === NOT_PLAIN) {
      return NOT_PLAIN;
    }
    result[index] = item;
  }
  return result;
}
