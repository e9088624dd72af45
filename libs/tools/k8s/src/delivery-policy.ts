import { Type } from '@sinclair/typebox';
import type { PolicyBindings } from '#app/contracts';

/** CATALOG.md 22: `deployment_name` (253; space, LF, CR, `/`, `\`, `;`, `|`, `&`) plus the namespace. */
export const DEPLOYMENT_POLICY: PolicyBindings = {
  namespace_fields: ['namespace'],
  arg_fields: [
    {
      field: 'deployment_name',
      max_length: 253,
      deny_characters: [' ', '\n', '\r', '/', '\\', ';', '|', '&'],
    },
  ],
};

export const DeploymentNameArg = Type.String({ description: 'Deployment name' });
