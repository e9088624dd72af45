const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** API.md 9.4 name sanitising: the stored name can never form a path. */
export function sanitiseArtifactName(name: string): string {
  const trimmed = name.trim();
  const lastComponent = trimmed.split(/[/\\]/).pop() ?? '';
  const cleaned = lastComponent
    .replaceAll('..', '')
    .replace(/[/\\]/g, '_')
    .replace(CONTROL_CHARACTERS, '');
  const truncated = fitBytes([...cleaned].slice(0, 200), 200);
  return truncated === '' ? 'artifact.bin' : truncated;
}

// 200 characters can exceed the 255-byte file-name limit once the 26-byte id prefix is added, so
// names are also cut (on a character boundary) to 200 UTF-8 bytes.
function fitBytes(characters: string[], maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of characters) {
    bytes += Buffer.byteLength(character, 'utf8');
    if (bytes > maxBytes) {
      break;
    }
    end += 1;
  }
  return characters.slice(0, end).join('');
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
