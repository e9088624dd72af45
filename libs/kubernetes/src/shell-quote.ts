/** One shell word in single quotes; an embedded `'` is written `'\''`. */
export function quoteShellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The argv handed to pod exec (API.md 8.4): `sh -c "cd '<workdir>' && exec '<cmd>' '<arg>'…"`, a
 * non-login shell so the image `PATH` is kept. Extra variables are exported before the `cd`.
 */
export function buildPodExecCommand(
  workdir: string,
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): string[] {
  const exports = Object.entries(env).map(
    ([name, value]) => `export ${quoteShellWord(`${name}=${value}`)} && `,
  );
  const words = [command, ...args].map(quoteShellWord).join(' ');
  return ['sh', '-c', `${exports.join('')}cd ${quoteShellWord(workdir)} && exec ${words}`];
}
