import type { JsonObject, JsonSchema } from '#app/contracts';
import { readOptionalString } from '#app/tooling';

export const C_STANDARDS = ['c89', 'c99', 'c11', 'c17', 'c23'] as const;

export const STANDARD_SCHEMA: JsonSchema = {
  type: 'string',
  enum: [...C_STANDARDS],
  description: 'Language standard (`-std=`)',
  default: 'c11',
};

/** The schema enum already restricts the value; absent means `c11`. */
export function readStandard(args: JsonObject): string {
  return readOptionalString(args, 'standard') ?? 'c11';
}
