import { AppException } from '#app/errors';

/**
 * Key arrays (CATALOG.md 14) may not hold an empty item, which JSON Schema cannot say without a
 * pattern the catalog does not publish.
 *
 * @throws AppException `invalid_argument` `<name> must not contain empty items`
 */
export function requireNonEmptyItems(name: string, items: readonly string[]): string[] {
  if (items.some((item) => item === '')) {
    throw new AppException('invalid_argument', `${name} must not contain empty items`);
  }
  return [...items];
}
