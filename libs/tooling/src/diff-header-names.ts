import { AppException } from '#app/errors';

// Path names as diff headers write them: C-quoted or plain, with git's `-p1` strip, each checked
// against the lexical rule before any caller sees it.

/**
 * The two names of `diff --git <a> <b>`, stripped. Quoted names are exact; for unquoted ones git
 * takes the split where both names agree, and otherwise relies on the other headers: every split
 * is then kept, so no reading of the line escapes the checks.
 */
export function gitHeaderNames(text: string): string[] {
  const names: string[] = [];
  if (text.startsWith('"')) {
    const end = quotedEnd(text);
    names.push(text.slice(0, end + 1), text.slice(end + 1).trimStart());
  } else if (text.includes(' "')) {
    const split = text.indexOf(' "');
    names.push(text.slice(0, split), text.slice(split + 1));
  } else {
    const splits: Array<[string, string]> = [];
    for (let index = text.indexOf(' '); index !== -1; index = text.indexOf(' ', index + 1)) {
      splits.push([text.slice(0, index), text.slice(index + 1)]);
    }
    const agreeing = splits.find(([left, right]) => stripRaw(left) === stripRaw(right));
    for (const [left, right] of agreeing === undefined ? splits : [agreeing]) {
      names.push(left, right);
    }
  }
  return names
    .filter((name) => name !== '')
    .map((name) => unquote(name))
    .map((name) => stripComponent(checkDiffPath(name, shown(name))));
}

function quotedEnd(text: string): number {
  for (let index = 1; index < text.length; index++) {
    if (text.charAt(index) === '\\') {
      index += 1;
    } else if (text.charAt(index) === '"') {
      return index;
    }
  }
  return text.length - 1;
}

// Refusal messages name the path without its `a/`/`b/` prefix, as they always have.
export function shown(name: string): string {
  return name.startsWith('a/') || name.startsWith('b/') ? name.slice(2) : name;
}

/** git's `-p1`: drop everything up to the first `/` (and the slashes that follow); a bare name stays. */
export function stripComponent(path: string): string {
  return path.includes('/') ? checkDiffPath(stripRaw(path), path) : path;
}

function stripRaw(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(slash + 1).replace(/^\/+/, '');
}

/**
 * The lexical rule for a diff path: not absolute, not empty or `.`, no `..` segment. Returns the
 * path without empty and `.` segments.
 * @throws AppException `invalid_argument` `invalid diff path: <asWritten>`
 */
export function checkDiffPath(path: string, asWritten: string = path): string {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (path.startsWith('/') || segments.length === 0 || segments.includes('..')) {
    throw new AppException('invalid_argument', `invalid diff path: ${asWritten}`);
  }
  return segments.join('/');
}

/** git C-quotes unusual names (`"a/tab\there"`); plain names may carry a tab and a timestamp. */
export function unquote(text: string): string {
  if (!text.startsWith('"')) {
    const tab = text.indexOf('\t');
    return tab === -1 ? text : text.slice(0, tab);
  }
  const bytes: number[] = [];
  const escapes: Record<string, number> = {
    a: 7,
    b: 8,
    f: 12,
    n: 10,
    r: 13,
    t: 9,
    v: 11,
    '"': 34,
    '\\': 92,
  };
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
