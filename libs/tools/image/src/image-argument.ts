import { imageReferenceProblem } from '#app/dockerfile';
import { AppException } from '#app/errors';

/** CATALOG.md 17 tag rule, also applied to every image reference handed to a program. */
export function requireImageReference(field: string, value: string): void {
  const problem = imageReferenceProblem(value);
  if (problem !== undefined) {
    throw new AppException('invalid_argument', `${field} ${problem}`);
  }
}
