import { Type } from '@sinclair/typebox';
import { Defaulted } from '#app/tool-registry';

/**
 * `strict` of every `container.*` tool. The published default is `true`, but the handler decides
 * from the args as sent (`isStrict`): omitted, `WORKSPACE_CONTAINER_STRICT_BY_DEFAULT` applies.
 */
export const StrictArg = Defaulted(
  Type.Boolean({
    description:
      'No synthetic fallback: a missing or failing runtime is execution_failed (default WORKSPACE_CONTAINER_STRICT_BY_DEFAULT)',
    default: true,
  }),
);

export const ContainerIdArg = Type.String({
  description: 'Container id or name (pod name in kubernetes sessions)',
});
