const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** API.md 9.4 name sanitising: the stored name can never form a path. */
export function sanitiseArtifactName(name: string): string {
  const trimmed = name.trim();
  const lastComponent = trimmed.split(/[/\\]/).pop() ?? '';
  const cleaned = lastComponent
    .replaceAll('..', '')
    .replace(/[/\\]/g, '_')
    .replace(CONTROL_CHARACTERS, '')
    .slice(0, 200);
  return cleaned === '' ? 'artifact.bin' : cleaned;
}

/** Content type inferred from the extension for the listing fallback (API.md 9.4). */
export function contentTypeForName(name: string): string {
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '';
  switch (extension) {
    case '.json':
      return 'application/json';
    case '.jsonl':
      return 'application/x-ndjson';
    case '.txt':
    case '.log':
      return 'text/plain; charset=utf-8';
    case '.js':
      return 'text/javascript';
    default:
      return 'application/octet-stream';
  }
}
