import type { JsonSchema } from '#app/contracts';

/**
 * CATALOG.md 3.13 `LANG_OUTPUT`: the output members shared by the language tools, as
 * {@link outputSchema} members. Spread it and add tool-specific members:
 * `outputSchema({ ...LANG_OUTPUT })`. `compiled_binary_path` is only emitted by tools that produce a
 * binary and `coverage_percent` only when measured; declaring them everywhere is harmless because
 * the output check only types members that are present.
 */
export const LANG_OUTPUT: Readonly<Record<string, string | JsonSchema>> = Object.freeze({
  exit_code: 'integer',
  compiled_binary_path: 'string',
  coverage_percent: 'number',
  diagnostics: { type: 'array', items: { type: 'string' } },
  command: { type: 'array', items: { type: 'string' } },
  output: 'string',
  summary: 'string',
});

/**
 * `<family>-<verb>-output.txt`: dots become dashes, so `go.mod.tidy` → `go-mod-tidy-output.txt`
 * (CATALOG.md 3.13); the verb is kept as written (`python-install_deps-output.txt`).
 */
export function langOutputArtifactName(toolName: string): string {
  return `${toolName.replaceAll('.', '-')}-output.txt`;
}
