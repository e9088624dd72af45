import type { JsonObject, LogLine } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolErrorResult, ToolResult } from '#app/tool-registry';
import { langOutputArtifactName } from './lang-output.js';
import { type ProgramRun, programFailure } from './run-program.js';
import { textArtifact } from './report-artifacts.js';
import { extractDiagnostics } from './text-helpers.js';

/** What a language tool ran (CATALOG.md 3.13), already combined when it ran several programs. */
export interface LangRun {
  /** argv of the main command. */
  command: string[];
  exit_code: number;
  /** Combined output of every logged program, capped per program. */
  output: string;
  /** CATALOG.md 3.4 mapping of the failing program; `undefined` when all succeeded. */
  failure?: ToolErrorResult;
}

export interface LangResultOptions {
  /** Catalog name of the tool: names the `<family>-<verb>-output.txt` artifact and the summary. */
  toolName: string;
  maxDiagnostics: number;
  logs: LogLine[];
  compiledBinaryPath?: string;
  coveragePercent?: number;
  /** Replaces the extracted diagnostics (e.g. an explanatory note when nothing ran). */
  diagnostics?: string[];
  summary?: string;
}

/** A single program run as a {@link LangRun}. */
export function langRunOf(run: ProgramRun): LangRun {
  const failure = programFailure(run);
  return {
    command: run.command,
    exit_code: run.exit_code,
    output: run.output,
    ...(failure === undefined ? {} : { failure }),
  };
}

/**
 * The `LANG_OUTPUT` result of CATALOG.md 3.13: output members, the program logs, the
 * `<family>-<verb>-output.txt` artifact and, for a failed run, the error next to the kept result.
 */
export function langResult(run: LangRun, options: LangResultOptions): ToolResult {
  const label = options.toolName.replaceAll('.', ' ').replaceAll('_', ' ');
  const output: JsonObject = {
    exit_code: run.exit_code,
    ...(options.compiledBinaryPath === undefined || run.failure !== undefined
      ? {}
      : { compiled_binary_path: options.compiledBinaryPath }),
    ...(options.coveragePercent === undefined ? {} : { coverage_percent: options.coveragePercent }),
    diagnostics: options.diagnostics ?? extractDiagnostics(run.output, options.maxDiagnostics),
    command: run.command,
    output: run.output,
    summary: options.summary ?? langSummary(label, run),
  };
  return {
    output,
    logs: options.logs,
    artifacts: [textArtifact(langOutputArtifactName(options.toolName), run.output)],
    exit_code: run.exit_code,
    ...(run.failure === undefined ? {} : { error: run.failure }),
  };
}

function langSummary(label: string, run: LangRun): string {
  if (run.failure?.code === 'timeout') {
    return `${label} timed out`;
  }
  if (run.failure !== undefined && run.exit_code === -1) {
    return `${label} could not start`;
  }
  return run.exit_code === 0
    ? `${label} succeeded`
    : `${label} failed with exit code ${run.exit_code}`;
}

const MAX_PLAIN_NAME = 120;

/**
 * CATALOG.md 7 `go.build` / `c.build` `output_name`: a plain file name of at most 120 characters
 * without `/`, `\`, `..` or NUL.
 * @throws AppException `invalid_argument`
 */
export function checkOutputName(name: string): string {
  if (
    name === '' ||
    name.length > MAX_PLAIN_NAME ||
    name.includes('/') ||
    name.includes('\\') ||
    name.includes('..') ||
    name.includes('\u0000')
  ) {
    throw new AppException(
      'invalid_argument',
      'output_name must be a plain file name (no "/", "\\", ".." or NUL, at most 120 characters)',
    );
  }
  return name.startsWith('-') ? `./${name}` : name;
}

/**
 * A package or module argument handed to a toolchain: an empty value means absent, and one starting
 * with `-` could smuggle a flag.
 * @throws AppException `invalid_argument` `<field> must not start with "-"`
 */
export function checkPackageArg(field: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  if (value.startsWith('-')) {
    throw new AppException('invalid_argument', `${field} must not start with "-"`);
  }
  return value;
}

/**
 * A free-text pattern (`-run`, `-k`): at most `max` characters and no NUL.
 * @throws AppException `invalid_argument`
 */
export function checkPattern(
  field: string,
  value: string | undefined,
  max: number,
): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (value.length > max || value.includes('\u0000')) {
    throw new AppException(
      'invalid_argument',
      `${field} must be at most ${max} characters without NUL`,
    );
  }
  return value;
}
