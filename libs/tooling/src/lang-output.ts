import { type TSchema, Type } from '@sinclair/typebox';

/**
 * CATALOG.md 3.13 `LANG_OUTPUT`: the output members shared by the language tools, as
 * `ToolOutput` members. Spread it and add tool-specific members:
 * `ToolOutput({ ...LANG_OUTPUT })`. `compiled_binary_path` is only emitted by tools that produce a
 * binary and `coverage_percent` only when measured; declaring them everywhere is harmless because
 * the output check only types members that are present.
 */
export const LANG_OUTPUT: Readonly<Record<string, TSchema>> = Object.freeze({
  exit_code: Type.Integer(),
  compiled_binary_path: Type.String(),
  coverage_percent: Type.Number(),
  diagnostics: Type.Array(Type.String()),
  command: Type.Array(Type.String()),
  output: Type.String(),
  summary: Type.String(),
});

/**
 * `<family>-<verb>-output.txt`: dots become dashes, so `go.mod.tidy` → `go-mod-tidy-output.txt`
 * (CATALOG.md 3.13); the verb is kept as written (`python-install_deps-output.txt`).
 */
export function langOutputArtifactName(toolName: string): string {
  return `${toolName.replaceAll('.', '-')}-output.txt`;
}
