import { Type } from '@sinclair/typebox';
import { Defaulted } from '#app/tool-registry';

/** CATALOG.md 20.1: the directory inspected (default the workspace root); bound by `pathPolicy('path')`. */
export const ProjectPathArg = Defaulted(
  Type.String({
    description: 'Workspace-relative directory (absolute paths under the workspace are accepted)',
    default: '.',
  }),
);
