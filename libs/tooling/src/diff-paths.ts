import { AppException } from '#app/errors';

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const EXTENDED_HEADER = /^(?:rename|copy) (?:from|to) (.*)$/;

/**
 * Target paths of a unified diff (CATALOG.md 4 fs.patch): `--- `/`+++ ` lines (leading `a/`, `b/`
 * stripped, `/dev/null` skipped) and git `rename`/`copy` `from`/`to` headers. Hunk bodies are
 * skipped by their line counts, so a removed line reading `-- x` is not taken for a header.
 * @throws AppException `invalid_argument` `invalid diff path: <p>` or `diff contains no file paths`.
 */
export function collectDiffPaths(diff: string): string[] {
  const paths: string[] = [];
  let oldLeft = 0;
  let newLeft = 0;
  for (const rawLine of diff.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (oldLeft > 0 || newLeft > 0) {
      const kind = line.charAt(0);
      if (kind === '\\') {
        continue;
      }
      if (kind === ' ' || kind === '-' || kind === '+' || line === '') {
        oldLeft -= kind === '+' ? 0 : 1;
        newLeft -= kind === '-' ? 0 : 1;
        continue;
      }
      // A malformed hunk ended early; read the line as a header.
      oldLeft = 0;
      newLeft = 0;
    }
    const hunk = HUNK_HEADER.exec(line);
    if (hunk !== null) {
      oldLeft = Number(hunk[1] ?? 1);
      newLeft = Number(hunk[2] ?? 1);
      continue;
    }
    const path = headerPath(line);
    if (path !== null) {
      paths.push(checkDiffPath(path));
    }
  }
  if (paths.length === 0) {
    throw new AppException('invalid_argument', 'diff contains no file paths');
  }
  return paths;
}

function headerPath(line: string): string | null {
  if (line.startsWith('--- ') || line.startsWith('+++ ')) {
    const path = unquote(line.slice(4));
    if (path === '/dev/null') {
      return null;
    }
    return path.startsWith('a/') || path.startsWith('b/') ? path.slice(2) : path;
  }
  const extended = EXTENDED_HEADER.exec(line);
  return extended === null ? null : unquote(extended[1] as string);
}

function checkDiffPath(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (path.startsWith('/') || segments.length === 0 || segments.includes('..')) {
    throw new AppException('invalid_argument', `invalid diff path: ${path}`);
  }
  return path;
}

/** git C-quotes unusual names (`"a/tab\there"`); plain names may carry a tab and a timestamp. */
function unquote(text: string): string {
  if (!text.startsWith('"')) {
    const tab = text.indexOf('\t');
    return tab === -1 ? text : text.slice(0, tab);
  }
  const bytes: number[] = [];
  const escapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 };
  for (let index = 1; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === '"') {
      break;
    }
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = text.charAt(index + 1);
    const octal = /^[0-7]{3}/.exec(text.slice(index + 1, index + 4));
    if (octal !== null) {
      bytes.push(Number.parseInt(octal[0], 8));
      index += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      index += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
