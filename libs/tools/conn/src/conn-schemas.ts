import type { JsonSchema } from '#app/contracts';

/** CATALOG.md 3.11 Profile object. */
export const PROFILE_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    description: { type: 'string' },
    read_only: { type: 'boolean' },
    scopes: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  },
};
