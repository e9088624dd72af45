import type { CommandRunner } from '../command-runner.port.js';
import { compareByteOrder } from './byte-order.js';
import {
  INVALID_UTF8_LINE,
  mayMatchReplacementCharacter,
  ripgrepPattern,
} from './ripgrep-pattern.js';

/** The tool's own deadline (CATALOG.md 4 fs.search, 30 s): ripgrep never outlives the call. */
export const RIPGREP_TIMEOUT_MS = 30_000;
/** Room for the names of every nominated file; a cut list is never used (the walk runs instead). */
export const RIPGREP_OUTPUT_CAP_BYTES = 16 * 1024 * 1024;
/** After ripgrep was found missing, how long before trying it again (installing it needs no restart). */
const MISSING_RECHECK_MS = 60_000;

export interface RipgrepRequest {
  /** Absolute real path of the directory searched (inside the workspace). */
  directory: string;
  /** Absolute root of the session workspace (all the sandbox shows). */
  workspaceRoot: string;
  /** The caller's pattern, already accepted by re2js. */
  pattern: string;
  signal?: AbortSignal;
}

/**
 * ripgrep as a file filter for fs.search on local sessions (CATALOG.md 4 fs.search "Engine"): one
 * run through the session's command runner (the bubblewrap sandbox: only the workspace, no
 * network) lists the files holding at least one candidate line; re2js then scans just those files
 * exactly as the walk would. `null` means "search with the walk instead": ripgrep missing or
 * failing, a pattern it cannot be trusted with, an output that does not fit.
 *
 * The flags make ripgrep's file set the walk's: `--no-ignore --hidden` (no ignore files, hidden
 * files included), no `--follow` (symlinks inside the walk are never entered or read), `!.git/`
 * (`.git` directories only; a `.git` file is searched), `--text --encoding none` (raw bytes: the
 * NUL-byte and line-length rules are applied by the re2js scan, no BOM transcoding).
 */
export class RipgrepSearch {
  private missingAt: number | null = null;

  constructor(private readonly program = 'rg') {}

  /** Files (relative to `directory`, in walk order) that may hold matches; `null`: use the walk. */
  async candidates(runner: CommandRunner, request: RipgrepRequest): Promise<string[] | null> {
    if (this.missingAt !== null && Date.now() - this.missingAt < MISSING_RECHECK_MS) {
      return null;
    }
    const translated = ripgrepPattern(request.pattern);
    if (translated === null) {
      return null;
    }
    let result;
    try {
      result = await runner.run({
        command: this.program,
        args: ripgrepArgs(translated, mayMatchReplacementCharacter(request.pattern)),
        cwd: request.directory,
        workspaceRoot: request.workspaceRoot,
        timeoutMs: RIPGREP_TIMEOUT_MS,
        outputCapBytes: RIPGREP_OUTPUT_CAP_BYTES,
        network: false,
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      });
    } catch {
      // The sandbox is unavailable (503 for command tools): fs.search never needed it.
      return null;
    }
    if (result.start_error !== undefined) {
      // Only a missing program is remembered; a start directory removed meanwhile is not.
      if (result.start_error.startsWith('command not found')) {
        this.missingAt = Date.now();
      }
      return null;
    }
    this.missingAt = null;
    // 0: files found, 1: none; 2 (a pattern ripgrep rejects, an unreadable entry), a deadline or a
    // cut output: the walk decides.
    if (result.truncated || (result.exit_code !== 0 && result.exit_code !== 1)) {
      return null;
    }
    return parseFileList(result.output);
  }
}

export function ripgrepArgs(translatedPattern: string, invalidUtf8Lines: boolean): string[] {
  return [
    '--no-config',
    '--files-with-matches',
    '--null',
    '--no-messages',
    '--color',
    'never',
    '--no-ignore',
    '--hidden',
    '--glob',
    '!.git/',
    '--text',
    '--encoding',
    'none',
    '--regexp',
    translatedPattern,
    ...(invalidUtf8Lines ? ['--regexp', INVALID_UTF8_LINE] : []),
    '--',
    '.',
  ];
}

/** `./a/b\0./c\0` → `['a/b', 'c']`, sorted by UTF-8 byte order like the walk. */
export function parseFileList(output: string): string[] {
  return output
    .split('\0')
    .filter((entry) => entry !== '')
    .map((entry) => (entry.startsWith('./') ? entry.slice(2) : entry))
    .sort(compareByteOrder);
}
