import type { JsonSchema } from '#app/contracts';
import { booleanSchema } from '#app/tooling';

export const STRICT_SCHEMA: JsonSchema = booleanSchema(
  'No synthetic fallback: a missing or failing runtime is execution_failed (default WORKSPACE_CONTAINER_STRICT_BY_DEFAULT)',
  true,
);

export const STRING_ARRAY: JsonSchema = { type: 'array', items: { type: 'string' } };

export const CONTAINER_ID_SCHEMA: JsonSchema = {
  type: 'string',
  description: 'Container id or name (pod name in kubernetes sessions)',
};

/** Members every `container.*` output starts with (CATALOG.md 18). */
export const RUNTIME_MEMBERS: Record<string, string | JsonSchema> = {
  runtime: { type: 'string', enum: ['podman', 'docker', 'nerdctl', 'k8s', 'synthetic'] },
  simulated: 'boolean',
};
