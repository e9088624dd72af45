import type { JsonSchema } from '#app/contracts';
import { booleanSchema, integerSchema } from '#app/tooling';

/** CATALOG.md 17 issue shape. */
export const ISSUES_SCHEMA: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      severity: { type: 'string', enum: ['high', 'medium', 'low'] },
      line: { type: 'integer' },
      message: { type: 'string' },
      snippet: { type: 'string' },
    },
  },
};

export const STRING_ARRAY: JsonSchema = { type: 'array', items: { type: 'string' } };

/** Output members every image tool reports about its lint. */
export const ISSUE_MEMBERS: Record<string, string | JsonSchema> = {
  issues_count: 'integer',
  issues: ISSUES_SCHEMA,
  recommendations: STRING_ARRAY,
  truncated: 'boolean',
};

export const MAX_ISSUES_SCHEMA = integerSchema('Cut the issue list at this many', 1, 2000, 200);
export const RECOMMENDATIONS_SCHEMA = booleanSchema('Add one recommendation per issue class', true);

export const CONTEXT_PATH_SCHEMA: JsonSchema = {
  type: 'string',
  description: 'Build context directory (workspace-relative)',
  default: '.',
};
export const DOCKERFILE_PATH_SCHEMA: JsonSchema = {
  type: 'string',
  description: 'Dockerfile path, relative to the context when the context is not "."',
  default: 'Dockerfile',
};
