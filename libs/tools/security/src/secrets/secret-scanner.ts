import { AppException } from '#app/errors';
import type { WorkspaceRuntime } from '#app/workspace';
import { type WalkedFile, walkFiles } from '../workspace-files.js';
import { maskRanges } from './secret-mask.js';
import { type SecretRange, findPatternSecrets } from './secret-patterns.js';
import { findSecretlintSecrets } from './secretlint-rules.js';

export interface SecretFinding {
  path: string;
  line: number;
  /** The line with every secret masked, then cut to 200 characters. */
  snippet: string;
}

export interface SecretScan {
  findings: SecretFinding[];
  /** `max_results` was reached. */
  truncated: boolean;
  files_scanned: number;
  /** Files or bytes left unread because a bound below was hit. */
  skipped: string[];
}

/**
 * Bounds of the in-process scan (CATALOG.md 20 gives the rg exclusions; the sizes are ours): at most
 * 5,000 files, the first 1 MiB of each, 64 MiB in total; files with a NUL byte in their first 8 KiB
 * are binary and skipped, like rg and `grep --binary-files=without-match` do.
 */
export const SECRET_SCAN_LIMITS = {
  maxFiles: 5_000,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
} as const;

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', 'target', '.workspace-venv']);
const SNIPPET_CHARS = 200;

export async function scanSecrets(
  workspace: WorkspaceRuntime,
  rawPath: string,
  maxResults: number,
  signal: AbortSignal,
): Promise<SecretScan & { path: string }> {
  const path = await workspace.resolve(rawPath);
  const stat = await workspace.stat(path);
  if (stat === null) {
    throw new AppException('not_found', `path not found: ${path}`);
  }
  const walked =
    stat.type === 'file'
      ? { files: [{ path, size_bytes: stat.size_bytes }], truncated: false }
      : await walkFiles(workspace, path, {
          maxDepth: 64,
          maxFiles: SECRET_SCAN_LIMITS.maxFiles,
          skipDirectory: (name) => SKIPPED_DIRECTORIES.has(name),
          signal,
        });
  const scan: SecretScan = { findings: [], truncated: false, files_scanned: 0, skipped: [] };
  if (walked.truncated) {
    scan.skipped.push(`file walk stopped after ${walked.files.length} files`);
  }
  let budget: number = SECRET_SCAN_LIMITS.maxTotalBytes;
  for (const file of walked.files) {
    if (signal.aborted || scan.truncated) {
      break;
    }
    if (budget <= 0) {
      scan.skipped.push(`total size limit reached before ${file.path}`);
      break;
    }
    const content = await readText(
      workspace,
      file,
      Math.min(budget, SECRET_SCAN_LIMITS.maxFileBytes),
      scan,
    );
    if (content === undefined) {
      continue;
    }
    budget -= Buffer.byteLength(content);
    scan.files_scanned += 1;
    const ranges = [
      ...findPatternSecrets(content),
      ...(await findSecretlintSecrets(file.path, content)),
    ];
    for (const finding of findingsOf(file.path, content, ranges)) {
      if (scan.findings.length === maxResults) {
        scan.truncated = true;
        break;
      }
      scan.findings.push(finding);
    }
  }
  return { ...scan, path };
}

async function readText(
  workspace: WorkspaceRuntime,
  file: WalkedFile,
  maxBytes: number,
  scan: SecretScan,
): Promise<string | undefined> {
  try {
    const { data, truncated } = await workspace.readFile(file.path, maxBytes);
    if (data.subarray(0, 8192).includes(0)) {
      return undefined;
    }
    if (truncated) {
      scan.skipped.push(`${file.path}: only the first ${maxBytes} bytes scanned`);
    }
    return data.toString('utf8');
  } catch {
    // Removed or replaced during the scan: nothing to report for it.
    return undefined;
  }
}

/** One finding per line where a secret starts; every secret on a shown line is masked. */
export function findingsOf(
  path: string,
  content: string,
  ranges: readonly SecretRange[],
): SecretFinding[] {
  if (ranges.length === 0) {
    return [];
  }
  const lineStarts = [0];
  for (let index = content.indexOf('\n'); index >= 0; index = content.indexOf('\n', index + 1)) {
    lineStarts.push(index + 1);
  }
  const lineOf = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((lineStarts[middle] ?? 0) <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  };
  const starting = [...new Set(ranges.map((range) => lineOf(range.start)))].sort(
    (left, right) => left - right,
  );
  return starting.map((line) => {
    const start = lineStarts[line] ?? 0;
    const end = (lineStarts[line + 1] ?? content.length + 1) - 1;
    const local = ranges
      .filter((range) => range.start < end && range.end > start)
      .map((range) => ({
        start: Math.max(range.start, start) - start,
        end: Math.min(range.end, end) - start,
      }));
    const text = content.slice(start, end).replace(/\r$/, '');
    return { path, line: line + 1, snippet: maskRanges(text, local).slice(0, SNIPPET_CHARS) };
  });
}
