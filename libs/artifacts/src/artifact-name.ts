// C0, DEL and C1 controls, the line/paragraph separators, and every bidi formatting character
// (ALM, LRM, RLM, LRE…RLO, LRI…PDI): a name must read the same in a UI as it is stored, so
// `invoice\u202Etxt.exe` cannot display as `invoiceexe.txt`, and no header can be split.
const UNSAFE_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/gu;

/** API.md 9.4 name sanitising: the stored name can never form a path, a header or a spoofed display. */
export function sanitiseArtifactName(name: string): string {
  const trimmed = name.replace(UNSAFE_CHARACTERS, '').trim();
  const lastComponent = trimmed.split(/[/\\]/).pop() ?? '';
  const cleaned = lastComponent.replaceAll('..', '').replace(/[/\\]/g, '_');
  const truncated = fitBytes([...cleaned].slice(0, 200), 200);
  return truncated === '' ? 'artifact.bin' : truncated;
}

/**
 * The name as shown to clients (listing, download header): stored names are already sanitised, but
 * names read back from disk or from an older record pass the same character filter when served.
 */
export function displayArtifactName(name: string): string {
  const cleaned = name.replace(UNSAFE_CHARACTERS, '');
  return cleaned === '' ? 'artifact.bin' : cleaned;
}

/**
 * `Content-Disposition` for a download (API.md 5.14): an ASCII `filename` fallback (non-ASCII,
 * `"`, `\` and `%` become `_`) and the exact UTF-8 name as an RFC 8187 `filename*`. Header values
 * must be Latin-1 and free of controls; a raw non-Latin-1 name made Node write a malformed response.
 */
export function contentDispositionFor(name: string): string {
  const shown = displayArtifactName(name);
  const fallback = [...shown]
    .map((character) =>
      /^[\x20-\x7e]$/.test(character) && !/["\\%]/.test(character) ? character : '_',
    )
    .join('');
  // encodeURIComponent leaves `'()*` alone, which RFC 8187 attr-char does not allow.
  const encoded = encodeURIComponent(shown).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(
  `^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*"))*$`,
);

/** The stored content type when it is a well-formed media type, else `application/octet-stream`. */
export function servedContentType(contentType: string): string {
  return MEDIA_TYPE.test(contentType) ? contentType : 'application/octet-stream';
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
