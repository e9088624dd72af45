/**
 * Turns an fs.search pattern (RE2 syntax, already accepted by re2js) into a ripgrep pattern whose
 * matching lines are a SUPERSET of the lines re2js matches, or `null` when that cannot be promised
 * (the caller then searches with the JavaScript engine alone).
 *
 * Only a superset is needed: ripgrep just nominates files, and every line of a nominated file is
 * matched again by re2js (ripgrep-search.ts). What must never happen is ripgrep passing over a file
 * in which re2js would find a match. The differences handled here:
 *
 * - RE2's Perl classes and word boundaries are ASCII (`\d` = `[0-9]`, `\s` = `[\t\n\f\r ]`, `\w` =
 *   `[0-9A-Za-z_]`); ripgrep's are Unicode, so `\W`, `\S`, `\D` and `\b` would match less. They are
 *   spelled out as the ASCII classes RE2 means (nested classes inside brackets, which Rust accepts).
 * - `\A` and `\z` mean the start and end of the text; re2js sees one line at a time, ripgrep a
 *   whole buffer, so they become the line anchors `^` and `$`. A flag group touching `m` changes
 *   what `^`/`$` mean for ripgrep: refused.
 * - Unicode tables (`\p`, `\P`) and case folding of non-ASCII text may differ between the two
 *   engines' Unicode versions: refused. `\Q…\E` and `\C` (which Rust lacks) are refused too.
 *
 * Anything else ripgrep's parser rejects (octal escapes, `{,n}`, a literal newline, …) makes it
 * exit with status 2, which also sends the search to the JavaScript engine.
 */
export function ripgrepPattern(pattern: string): string | null {
  if (caseInsensitiveBeyondAscii(pattern) || /\(\?[a-zA-Z-]*m/.test(pattern)) {
    return null;
  }
  let out = '';
  let inClass = false;
  let classStart = -1;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      const next = pattern[index + 1] ?? '';
      index += 1;
      const translated = translateEscape(next, inClass);
      if (translated === null) {
        return null;
      }
      out += translated;
      continue;
    }
    if (inClass) {
      if (char === '[' && pattern[index + 1] === ':') {
        // A POSIX class `[:alpha:]` (ASCII in both engines) is copied whole.
        const end = pattern.indexOf(':]', index + 2);
        if (end < 0) {
          return null;
        }
        out += pattern.slice(index, end + 2);
        index = end + 1;
        continue;
      }
      // `]` right after `[` or `[^` is a literal in RE2; Rust wants it escaped.
      if (char === ']' && index > classStart) {
        inClass = false;
        out += ']';
        continue;
      }
      // Rust reads `&&`, `~~` and `--` in a class as set operations; RE2 as literal characters.
      if (char === '-' && pattern[index + 1] === '-') {
        return null;
      }
      out += '[]&~'.includes(char) ? `\\${char}` : char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      out += '[';
      if (pattern[index + 1] === '^') {
        out += '^';
        index += 1;
      }
      classStart = index + 1;
      continue;
    }
    out += char;
  }
  return inClass ? null : out;
}

const ASCII_CLASSES: Readonly<Record<string, { members: string; negated: boolean }>> = {
  d: { members: '0-9', negated: false },
  D: { members: '0-9', negated: true },
  w: { members: '0-9A-Za-z_', negated: false },
  W: { members: '0-9A-Za-z_', negated: true },
  s: { members: '\\t\\n\\f\\r ', negated: false },
  S: { members: '\\t\\n\\f\\r ', negated: true },
};

function translateEscape(letter: string, inClass: boolean): string | null {
  const perl = ASCII_CLASSES[letter];
  if (perl !== undefined) {
    if (inClass && !perl.negated) {
      return perl.members;
    }
    return perl.negated ? `[^${perl.members}]` : `[${perl.members}]`;
  }
  switch (letter) {
    case 'b':
      return inClass ? null : '(?-u:\\b)';
    case 'B':
      return inClass ? null : '(?-u:\\B)';
    case 'A':
      return inClass ? null : '^';
    case 'z':
      return inClass ? null : '$';
    case 'p':
    case 'P':
    case 'Q':
    case 'E':
    case 'C':
    case '':
      return null;
    default:
      return escapedLiteral(letter);
  }
}

// Rust accepts an escape before its own metacharacters only (no `\/`, `\:`, `\@`, …).
const RUST_META = '\\.+*?()|[]{}^$#&-~';

function escapedLiteral(letter: string): string {
  if (/[0-9A-Za-z]/.test(letter) || RUST_META.includes(letter)) {
    return `\\${letter}`;
  }
  // Any other punctuation (or character) is itself, in or out of a class.
  return letter;
}

/** A case-insensitive flag with anything beyond plain ASCII letters to fold. */
function caseInsensitiveBeyondAscii(pattern: string): boolean {
  if (!/\(\?[a-zA-Z]*i/.test(pattern)) {
    return false;
  }
  return /[^\x00-\x7f]|\\[xpPWSD]/.test(pattern);
}

/**
 * Whether the pattern may match U+FFFD, the character re2js sees in place of bytes that are not
 * valid UTF-8: any character (`.`), negated classes, `\W \S \D`, `\x` escapes, non-ASCII text.
 * Errs on the side of yes (an escaped `\.` or an anchor `^` count). When it cannot, invalid bytes
 * never take part in a match, and ripgrep matching raw bytes finds the same lines without
 * {@link INVALID_UTF8_LINE} (whose alternation would cost ripgrep its literal fast path).
 */
export function mayMatchReplacementCharacter(pattern: string): boolean {
  return /[.^]|\\[WSDPpxC]|[^\x00-\x7f]/.test(pattern);
}

/**
 * Matches every line holding bytes that are not valid UTF-8 (and perhaps a few more). re2js sees
 * such bytes as U+FFFD, which `.`, negated classes or a literal U+FFFD can match where ripgrep,
 * matching raw bytes, cannot: files with such lines are always handed to re2js.
 */
export const INVALID_UTF8_LINE = [
  '(?-u:',
  '[\\xC0\\xC1\\xF5-\\xFF]',
  // A continuation byte with no lead byte before it.
  '|(?:^|[\\x00-\\x7F])[\\x80-\\xBF]',
  // Two-byte lead: missing or one continuation too many.
  '|[\\xC2-\\xDF](?:[^\\x80-\\xBF]|$|[\\x80-\\xBF][\\x80-\\xBF])',
  // Three-byte lead: missing, short or one continuation too many; overlong and surrogate forms.
  '|[\\xE0-\\xEF](?:[^\\x80-\\xBF]|$|[\\x80-\\xBF](?:[^\\x80-\\xBF]|$|[\\x80-\\xBF][\\x80-\\xBF]))',
  '|\\xE0[\\x80-\\x9F]|\\xED[\\xA0-\\xBF]',
  // Four-byte lead: missing, short or one continuation too many; overlong and beyond U+10FFFF.
  '|[\\xF0-\\xF4](?:[^\\x80-\\xBF]|$|[\\x80-\\xBF](?:[^\\x80-\\xBF]|$|[\\x80-\\xBF](?:[^\\x80-\\xBF]|$|[\\x80-\\xBF][\\x80-\\xBF])))',
  '|\\xF0[\\x80-\\x8F]|\\xF4[\\x90-\\xBF]',
  ')',
].join('');
