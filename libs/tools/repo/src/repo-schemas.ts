import type { JsonSchema } from '#app/contracts';
import { stringArraySchema, stringSchema } from '#app/tooling';

export const TARGET_SCHEMA: JsonSchema = stringSchema(
  'Package, module, test or source to act on; default per project type',
);
export const EXTRA_ARGS_SCHEMA: JsonSchema = stringArraySchema(
  'Extra toolchain flags, filtered per project type',
);
export const PROJECT_TYPES = ['go', 'rust', 'node', 'python', 'java', 'c', 'unknown'];

export const STRING_ARRAY: JsonSchema = { type: 'array', items: { type: 'string' } };

/** The members every matrix-command tool returns (CATALOG.md 3.5). */
export const COMMAND_OUTPUT_MEMBERS: Record<string, string | JsonSchema> = {
  project_type: 'string',
  command: STRING_ARRAY,
  exit_code: 'integer',
  output: 'string',
  summary: 'string',
};

/** `{name, kind, line}` of `repo.test_failures_summary`. */
export const FAILED_TEST_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, kind: { type: 'string' }, line: { type: 'integer' } },
};
