import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ErrorCode } from '#app/contracts';
import { execInPod, execProgramInPod, type KubeClient, type PodExecTarget } from '#app/kubernetes';
import { compileSearchPattern, isOverlong, MAX_SNIPPET_CHARS } from '../local/local-search.js';
import {
  INVALID_UTF8_LINE,
  mayMatchReplacementCharacter,
  ripgrepPattern,
} from '../local/ripgrep-pattern.js';
import { normaliseWorkspacePath, resolveLexicalPath } from '../path/workspace-path.js';
import type {
  EntryInfo,
  ExecOptions,
  ExecResult,
  ReadResult,
  SearchMatch,
  WorkspaceRuntime,
} from '../workspace-runtime.port.js';
import {
  ERROR_EXIT,
  ERROR_MARKER,
  LIST_FILES_SCRIPT,
  LIST_SCRIPT,
  MKDIR_SCRIPT,
  READ_FILE_SCRIPT,
  REMOVE_SCRIPT,
  RESOLVE_SCRIPT,
  SEARCH_ENGINE_MARKER,
  SEARCH_SCRIPT,
  STAT_SCRIPT,
  TRANSFER_SCRIPT,
  WRITE_FILE_SCRIPT,
} from './pod-fs.scripts.js';
import { compareWalkOrder, parseStatLine, relativeTo } from './pod-stat.parser.js';

const SCRIPT_TIMEOUT_MS = 60_000;
const LISTING_CAP = 8 * 1024 * 1024;
const SEARCH_CAP = 2 * 1024 * 1024;

/**
 * A kubernetes session's workspace (API.md 8.4): every method is one pod exec of a fixed shell script
 * with paths as positional parameters; containment is checked inside the pod at the moment of use.
 * Nothing here reads the service's own disk.
 */
export class KubernetesWorkspaceRuntime implements WorkspaceRuntime {
  private readonly target: PodExecTarget;
  private readonly workdir: string;

  constructor(
    readonly session: Session,
    private readonly client: KubeClient,
    defaults: { namespace: string; container: string },
  ) {
    this.workdir = session.runtime.workdir;
    this.target = {
      namespace: session.runtime.namespace ?? defaults.namespace,
      pod: session.runtime.pod_name ?? '',
      container: session.runtime.container ?? defaults.container,
    };
  }

  async resolve(rawPath: string): Promise<string> {
    const relative = this.lexical(rawPath);
    await this.script(RESOLVE_SCRIPT, [relative]);
    return relative;
  }

  async stat(path: string): Promise<EntryInfo | null> {
    const relative = this.lexical(path);
    const line = (await this.script(STAT_SCRIPT, [relative])).output.trim();
    return line === 'MISSING' ? null : { ...parseStatLine(line).info, path: relative };
  }

  async list(
    path: string,
    options: { recursive: boolean; maxEntries: number },
  ): Promise<{ entries: EntryInfo[]; truncated: boolean }> {
    const relative = this.lexical(path);
    const lines = lines_(
      (await this.script(LIST_SCRIPT, [relative, String(options.recursive)], LISTING_CAP)).output,
    );
    const head = lines.shift() ?? '';
    if (head.startsWith('SELF ')) {
      return {
        entries: [{ ...parseStatLine(head.slice(5)).info, path: relative }],
        truncated: false,
      };
    }
    const base = head.slice('DIR '.length);
    const entries = lines
      .map((line) => {
        const parsed = parseStatLine(line);
        return { ...parsed.info, path: relativeTo(base, parsed.name, relative) };
      })
      .sort((a, b) => compareWalkOrder(a.path, b.path));
    return {
      entries: entries.slice(0, options.maxEntries),
      truncated: entries.length > options.maxEntries,
    };
  }

  async listFiles(
    path: string,
    options: {
      recursive: boolean;
      maxEntries: number;
      matches?: (relativePath: string) => boolean;
    },
  ): Promise<{ files: Array<{ path: string; size_bytes: number }>; truncated: boolean }> {
    const relative = this.lexical(path);
    const lines = lines_(
      (await this.script(LIST_FILES_SCRIPT, [relative, String(options.recursive)], LISTING_CAP))
        .output,
    );
    const head = lines.shift() ?? '';
    const base = head.startsWith('DIR ') ? head.slice(4) : undefined;
    const files = lines
      .map((line) => {
        const cut = line.indexOf('|');
        const name = line.slice(cut + 1);
        return {
          path: base === undefined ? relative : relativeTo(base, name, relative),
          size_bytes: Number(line.slice(0, cut)),
        };
      })
      .filter((file) => options.matches === undefined || options.matches(file.path))
      .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
    return {
      files: files.slice(0, options.maxEntries),
      truncated: files.length > options.maxEntries,
    };
  }

  async readFile(path: string, maxBytes: number): Promise<ReadResult> {
    const relative = this.lexical(path);
    const bytes = Math.max(0, Math.floor(maxBytes));
    const cap = Math.ceil(bytes / 3) * 4 + Math.ceil(bytes / 48) + 4096;
    const [size = '0', ...encoded] = lines_(
      (await this.script(READ_FILE_SCRIPT, [relative, String(bytes)], cap)).output,
    );
    const data = Buffer.from(encoded.join(''), 'base64');
    const sizeBytes = Number(size);
    return { data, size_bytes: sizeBytes, truncated: sizeBytes > bytes };
  }

  async writeFile(path: string, data: Buffer, options: { createParents: boolean }): Promise<void> {
    await this.script(
      WRITE_FILE_SCRIPT,
      [this.lexical(path), String(options.createParents)],
      undefined,
      data,
    );
  }

  async mkdir(path: string, options: { createParents: boolean; mode: number }): Promise<boolean> {
    const mode = (options.mode & 0o7777).toString(8).padStart(4, '0');
    const result = await this.script(MKDIR_SCRIPT, [
      this.lexical(path),
      String(options.createParents),
      mode,
    ]);
    return result.output.trim() === 'CREATED';
  }

  async move(
    source: string,
    destination: string,
    options: { overwrite: boolean; createParents: boolean },
  ): Promise<void> {
    await this.script(TRANSFER_SCRIPT, [
      this.lexical(source),
      this.lexical(destination),
      String(options.overwrite),
      String(options.createParents),
      'move',
      'false',
    ]);
  }

  async copy(
    source: string,
    destination: string,
    options: { recursive: boolean; overwrite: boolean; createParents: boolean },
  ): Promise<'file' | 'dir'> {
    const result = await this.script(TRANSFER_SCRIPT, [
      this.lexical(source),
      this.lexical(destination),
      String(options.overwrite),
      String(options.createParents),
      'copy',
      String(options.recursive),
    ]);
    return result.output.trim() === 'DIR' ? 'dir' : 'file';
  }

  async remove(path: string, options: { recursive: boolean }): Promise<void> {
    await this.script(REMOVE_SCRIPT, [this.lexical(path), String(options.recursive)]);
  }

  async search(
    path: string,
    pattern: string,
    maxResults: number,
  ): Promise<{ matches: SearchMatch[]; truncated: boolean }> {
    const relative = this.lexical(path);
    // Same acceptance as local sessions: RE2 syntax only (no back-references or look-around).
    const compiled = compileSearchPattern(pattern);
    // rg in the pod when present: it prints candidate lines (a superset of RE2's), re2js keeps
    // the real matches. Without rg, or for a pattern rg cannot be trusted with: grep -E as before.
    const rgPattern = ripgrepPattern(pattern) ?? '';
    const detector = mayMatchReplacementCharacter(pattern) ? INVALID_UTF8_LINE : '';
    const lines = lines_(
      (await this.script(SEARCH_SCRIPT, [relative, pattern, rgPattern, detector], SEARCH_CAP))
        .output,
    );
    const head = lines.shift() ?? '';
    const base = head.slice(head.indexOf(' ') + 1);
    const isFile = head.startsWith('FILE ');
    const engine = lines.findLastIndex((line) => line.startsWith(`${SEARCH_ENGINE_MARKER} `));
    const viaRipgrep = lines[engine] === `${SEARCH_ENGINE_MARKER} rg`;
    const matches: SearchMatch[] = [];
    for (const line of lines.slice(engine + 1)) {
      const match = viaRipgrep
        ? /^([^\0]*)\0(\d+):(.*)$/s.exec(line)
        : /^(.*?):(\d+):(.*)$/s.exec(line);
      if (!match || match[3] === undefined || !match[1]?.startsWith(base)) {
        continue;
      }
      if (viaRipgrep && (!compiled.line.test(match[3]) || isOverlong(match[3]))) {
        continue;
      }
      matches.push({
        path: isFile ? relative : relativeTo(base, match[1], relative),
        line: Number(match[2]),
        snippet: match[3].slice(0, MAX_SNIPPET_CHARS),
      });
    }
    matches.sort(
      (a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)) || a.line - b.line,
    );
    const limit = Math.max(1, maxResults);
    return { matches: matches.slice(0, limit), truncated: matches.length > limit };
  }

  async exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const cwd = normaliseWorkspacePath(options.cwd ?? '.', this.workdir);
    const directory = cwd === '.' ? this.workdir : `${this.workdir}/${cwd}`;
    // Marked, so a deadline or cancel kills the whole tree in the pod, `setsid` children included.
    const program = { workdir: directory, command, args, env: options.env };
    return execProgramInPod(this.client, this.target, program, {
      stdin: options.stdin,
      timeoutMs: options.timeoutMs,
      outputCapBytes: options.outputCapBytes,
      signal: options.signal,
      ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
    });
  }

  private lexical(rawPath: string): string {
    return resolveLexicalPath(rawPath, this.session.workspace_path, this.session.allowed_paths);
  }

  /** Runs a fixed script with `[workdir, ...params]`; maps the error line and exec failures. */
  private async script(
    body: string,
    params: string[],
    cap = 1024 * 1024,
    stdin?: Buffer,
  ): Promise<ExecResult> {
    const result = await execInPod(this.client, this.target, {
      argv: ['sh', '-c', body, 'sh', this.workdir, ...params],
      stdin,
      timeoutMs: SCRIPT_TIMEOUT_MS,
      outputCapBytes: cap,
    });
    if (result.exit_code === ERROR_EXIT) {
      const line =
        result.output.split('\n').find((entry) => entry.startsWith(`${ERROR_MARKER} `)) ?? '';
      const [, code = 'internal', ...message] = line.split(' ');
      throw new AppException(code as ErrorCode, message.join(' ') || 'workspace operation failed');
    }
    if (result.timed_out) {
      throw new AppException('timeout', 'workspace operation timed out in the pod');
    }
    if (result.exit_code !== 0) {
      throw new AppException(
        'execution_failed',
        `workspace operation failed in the pod: ${result.output.trim().slice(-2000)}`,
      );
    }
    return result;
  }
}

function lines_(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}
