const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
const MAX_NAME_CHARS = 200;

/**
 * API.md 9.4 name sanitising, the rule the artifact store applies too: trim, keep the last path
 * component, remove every `..`, turn `/` and `\` into `_`, drop control characters, cut to 200
 * characters; an empty result becomes `artifact.bin`. The name can never form a path.
 */
export function sanitiseArtifactName(name: string): string {
  const lastComponent = name.trim().split(/[/\\]/).pop() ?? '';
  const cleaned = lastComponent
    .replaceAll('..', '')
    .replace(/[/\\]/g, '_')
    .replace(CONTROL_CHARACTERS, '')
    .slice(0, MAX_NAME_CHARS);
  return cleaned === '' ? 'artifact.bin' : cleaned;
}
