/**
 * Freezes `value` and everything reachable from it, so configuration cannot drift after boot and a
 * store can hand out one record to every reader. Frozen before its members are visited, so a
 * cyclic value (structuredClone keeps cycles) ends the walk instead of recursing forever.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}
