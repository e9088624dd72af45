import { Type } from '@sinclair/typebox';
import { Defaulted } from '#app/tool-registry';

/** CATALOG.md 17: the build context, resolved by `resolveDockerfileLocation`. */
export const ContextPathArg = Defaulted(
  Type.String({ description: 'Build context directory (workspace-relative)', default: '.' }),
);

/** CATALOG.md 17: the Dockerfile, relative to the context unless the context is `.`. */
export const DockerfilePathArg = Defaulted(
  Type.String({
    description: 'Dockerfile path, relative to the context when the context is not "."',
    default: 'Dockerfile',
  }),
);
