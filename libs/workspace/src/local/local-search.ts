import { readFile } from 'node:fs';
import { RE2JS } from 're2js';

import { AppException } from '#app/errors';
import type { SearchMatch } from '../workspace-runtime.port.js';
import type { WalkedFile } from './local-fs-walk.js';

/** CATALOG.md 4 fs.search limits. */
export const BINARY_PROBE_BYTES = 8192;
export const MAX_LINE_BYTES = 2 * 1024 * 1024;
export const MAX_SNIPPET_CHARS = 1000;
/** Files read at once; results are still emitted in walk order. */
export const SEARCH_READ_CONCURRENCY = 16;

export interface CompiledSearchPattern {
  /** Matches one line (no newline inside). */
  line: RE2JS;
  /**
   * The same pattern in multi-line mode, run once over a whole file to skip files without any
   * match: every line match is also a match of the whole text, so it only yields false positives.
   * `null` when the pattern uses `\A`, `\z` or turns multi-line off, where that does not hold.
   */
  whole: RE2JS | null;
}

const WHOLE_TEXT_UNSAFE = /\\[Az]|\(\?[A-Za-z]*-/;

/** RE2 syntax only (linear time): back-references and look-around are rejected by the parser. */
export function compileSearchPattern(pattern: string): CompiledSearchPattern {
  try {
    return {
      line: RE2JS.compile(pattern),
      whole: WHOLE_TEXT_UNSAFE.test(pattern) ? null : RE2JS.compile(pattern, RE2JS.MULTILINE),
    };
  } catch (error) {
    throw new AppException('invalid_argument', 'invalid pattern', { cause: error });
  }
}

/**
 * Scans files in the order given (the walk, or ripgrep's nominations sorted the same way), reading up to {@link SEARCH_READ_CONCURRENCY} ahead, and stops
 * once `maxResults` matches are found; `truncated` says that at least one more exists.
 */
export async function searchFiles(
  files: AsyncIterable<WalkedFile> | Iterable<WalkedFile>,
  pattern: CompiledSearchPattern,
  maxResults: number,
): Promise<{ matches: SearchMatch[]; truncated: boolean }> {
  const iterator: AsyncIterator<WalkedFile> | Iterator<WalkedFile> =
    Symbol.asyncIterator in files ? files[Symbol.asyncIterator]() : files[Symbol.iterator]();
  const pending: Array<Promise<SearchMatch[]>> = [];
  const matches: SearchMatch[] = [];
  let exhausted = false;
  for (;;) {
    while (!exhausted && pending.length < SEARCH_READ_CONCURRENCY) {
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
      } else {
        pending.push(scanFile(next.value, pattern, maxResults + 1));
      }
    }
    const scanned = pending.shift();
    if (scanned === undefined) {
      return { matches, truncated: false };
    }
    for (const match of await scanned) {
      if (matches.length === maxResults) {
        await iterator.return?.(undefined);
        return { matches, truncated: true };
      }
      matches.push(match);
    }
  }
}

// Never rejects: a file that vanished or cannot be read is skipped, like grep -s would.
async function scanFile(
  file: WalkedFile,
  pattern: CompiledSearchPattern,
  limit: number,
): Promise<SearchMatch[]> {
  const data = await readWhole(file.absolute);
  if (data === null) {
    return [];
  }
  if (data.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
    return [];
  }
  const text = data.toString('utf8');
  if (pattern.whole !== null && !pattern.whole.test(text)) {
    return [];
  }
  const lines = text.split('\n');
  if (text.endsWith('\n')) {
    lines.pop();
  }
  const found: SearchMatch[] = [];
  for (let index = 0; index < lines.length && found.length < limit; index++) {
    const line = lines[index];
    if (isOverlong(line) || !pattern.line.test(line)) {
      continue;
    }
    found.push({ path: file.relative, line: index + 1, snippet: cutSnippet(line) });
  }
  return found;
}

// The callback API: fs.promises.readFile costs about half again as much per small file, which
// dominates a search over many files.
function readWhole(path: string): Promise<Buffer | null> {
  return new Promise((resolve) =>
    readFile(path, (error, data) => resolve(error === null ? data : null)),
  );
}

// A UTF-16 unit is at most 3 UTF-8 bytes, so short lines need no byte count.
export function isOverlong(line: string): boolean {
  return line.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(line, 'utf8') > MAX_LINE_BYTES;
}

function cutSnippet(line: string): string {
  if (line.length <= MAX_SNIPPET_CHARS) {
    return line;
  }
  return Array.from(line.slice(0, MAX_SNIPPET_CHARS * 2))
    .slice(0, MAX_SNIPPET_CHARS)
    .join('');
}
