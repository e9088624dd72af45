import { Type } from '@sinclair/typebox';
import { Defaulted, StringEnum, ToolOutput } from '#app/tool-registry';

/** `target` of the matrix-command tools; absent (or empty) means the project type's default. */
export const TargetArg = Type.String({
  description: 'Package, module, test or source to act on; default per project type',
});

/** `extra_args` of the matrix-command tools, filtered per project type (CATALOG.md 3.10). */
export const ExtraArgsArg = Defaulted(
  Type.Array(Type.String(), {
    description: 'Extra toolchain flags, filtered per project type',
    default: [],
  }),
);

export const ProjectTypeOutput = StringEnum([
  'go',
  'rust',
  'node',
  'python',
  'java',
  'c',
  'unknown',
]);

export const StringList = Type.Array(Type.String());

/** The members every matrix-command tool returns (CATALOG.md 3.5). */
export const COMMAND_OUTPUT_MEMBERS = {
  project_type: Type.String(),
  command: StringList,
  exit_code: Type.Integer(),
  output: Type.String(),
  summary: Type.String(),
};

/** `{name, kind, line}` of `repo.test_failures_summary` and `repo.test`. */
export const FailedTestOutput = ToolOutput({
  name: Type.String(),
  kind: Type.String(),
  line: Type.Integer(),
});
