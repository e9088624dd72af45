import { deepFreeze, plainCopy } from '#app/contracts';

/**
 * A deep copy, deeply frozen: a store can hand the same object to every reader without copying it
 * again, and a reader that tries to change it throws (strict mode) instead of changing the store.
 */
export function frozenRecord<T>(value: T): T {
  return deepFreeze(plainCopy(value));
}
