import { Type } from '@sinclair/typebox';
import { ComputedDefault } from '#app/tool-registry';

/**
 * `strict` of every `container.*` tool. The published default is `true` (the default configuration);
 * omitted, `WORKSPACE_CONTAINER_STRICT_BY_DEFAULT` applies (`isStrict`).
 */
export const StrictArg = ComputedDefault(
  Type.Boolean({
    description:
      'No synthetic fallback: a missing or failing runtime is execution_failed (default WORKSPACE_CONTAINER_STRICT_BY_DEFAULT)',
    default: true,
  }),
);

export const ContainerIdArg = Type.String({
  description: 'Container id or name (pod name in kubernetes sessions)',
});
