import { Type } from '@sinclair/typebox';

/**
 * The members every git tool's output ends with (CATALOG.md 5): the git command line as run and its
 * exit code. Spread last into the tool's `ToolOutput({...})`.
 */
export const GIT_RUN_OUTPUT = {
  command: Type.Array(Type.String()),
  exit_code: Type.Integer(),
};
