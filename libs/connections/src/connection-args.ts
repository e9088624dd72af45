import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';

// Args were validated against the schema already; these apply defaults and clamp defensively
// (CATALOG.md 3.2: never reject a value the schema accepted).

export function readString(args: JsonObject, name: string, fallback = ''): string {
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

/** `timeout_ms` of the numeric convention (CATALOG.md 3.11): 100–10000. */
export function readTimeoutMs(args: JsonObject, fallback: number): number {
  return readInteger(args, 'timeout_ms', fallback, 100, 10_000);
}

/**
 * A key array (CATALOG.md 14): 1–200 items by schema; an empty item is refused here.
 *
 * @throws AppException `invalid_argument` `<name> must not contain empty items`
 */
export function readKeyList(args: JsonObject, name: string): string[] {
  const value = args[name];
  const items = Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
  if (items.some((item) => item === '')) {
    throw new AppException('invalid_argument', `${name} must not contain empty items`);
  }
  return items.slice(0, 200);
}
