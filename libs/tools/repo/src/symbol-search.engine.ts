import { RE2JS } from 're2js';

import type { LogLine } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolContext, ToolErrorResult } from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  ProgramRunner,
  programFailure,
  programPath,
  type ProgramRun,
} from '#app/tooling';

export const MAX_SNIPPET_CHARS = 1000;

export interface SymbolQuery {
  symbol: string;
  /** Resolved workspace-relative path. */
  path: string;
  caseSensitive: boolean;
  wholeWord: boolean;
  regex: boolean;
}

export type SymbolMatch = { path: string; line: number; column: number; snippet: string };

export interface SymbolSearchOutcome {
  /** Sorted by path, line, column; not cut yet. */
  matches: SymbolMatch[];
  /** The engine's own output was cut, so matches may be missing. */
  truncated: boolean;
  command: string[];
  exit_code: number;
  logs: LogLine[];
  error?: ToolErrorResult;
}

/**
 * The RE2 form of a query, used to place the column and by the built-in engine.
 * @throws AppException `invalid_argument` `invalid regular expression` when `regex` and it does not compile as RE2
 */
export function compileQuery(query: SymbolQuery): { source: string; matcher: RE2JS } {
  const body = query.regex ? query.symbol : RE2JS.quote(query.symbol);
  const source = `${query.caseSensitive ? '' : '(?i)'}${query.wholeWord ? `\\b(?:${body})\\b` : body}`;
  try {
    RE2JS.compile(body);
    return { source, matcher: RE2JS.compile(source) };
  } catch (error) {
    throw new AppException('invalid_argument', 'invalid regular expression', { cause: error });
  }
}

/**
 * CATALOG.md 6 `repo.symbol_search`: `grep -r` (exit 1 = no matches). Not `-R`: that follows every
 * symlink met in the walk, so a link to `/etc` or `../..` made by a patch read files outside the
 * workspace (issue 11). `-r` follows only the start path, which the resolver has contained (3.3).
 */
export async function grepSearch(
  ctx: ToolContext,
  query: SymbolQuery,
  timeoutMs: number,
): Promise<SymbolSearchOutcome> {
  const programs = new ProgramRunner(ctx, { timeoutMs, outputCapBytes: COMMAND_OUTPUT_CAP });
  const args = [
    '-r',
    '-n',
    '-H',
    '--binary-files=without-match',
    '--exclude-dir=.git',
    ...(query.caseSensitive ? [] : ['-i']),
    ...(query.wholeWord ? ['-w'] : []),
    query.regex ? '-E' : '-F',
    '--',
    query.symbol,
    programPath(query.path),
  ];
  const run = await programs.run('grep', args);
  return toOutcome(run, programs.logs, query, /^(.+?):(\d+):(.*)$/);
}

/**
 * ripgrep with grep's file set (hidden and ignored files included, `.git` skipped). Never `-L` /
 * `--follow`: symlinks met in the walk are skipped, like `grep -r` (CATALOG.md 3.3).
 */
export async function ripgrepSearch(
  ctx: ToolContext,
  query: SymbolQuery,
  timeoutMs: number,
): Promise<SymbolSearchOutcome> {
  const programs = new ProgramRunner(ctx, { timeoutMs, outputCapBytes: COMMAND_OUTPUT_CAP });
  const args = [
    '--no-config',
    '--no-heading',
    '--with-filename',
    '--line-number',
    '--column',
    '--color',
    'never',
    '--no-ignore',
    '--hidden',
    '--glob',
    '!.git',
    ...(query.caseSensitive ? [] : ['-i']),
    ...(query.wholeWord ? ['--word-regexp'] : []),
    ...(query.regex ? [] : ['--fixed-strings']),
    '-e',
    query.symbol,
    '--',
    programPath(query.path),
  ];
  const run = await programs.run('rg', args);
  return toOutcome(run, programs.logs, query, /^(.+?):(\d+):\d+:(.*)$/);
}

/** No search program: the runtime's own linear-time search (one match per line). */
export async function builtinSearch(
  ctx: ToolContext,
  query: SymbolQuery,
  limit: number,
): Promise<SymbolSearchOutcome> {
  const { source, matcher } = compileQuery(query);
  const { matches, truncated } = await ctx.workspace.search(query.path, source, limit);
  return {
    matches: sortMatches(
      matches.map((match) => ({
        ...match,
        column: columnOf(matcher, match.snippet),
        snippet: match.snippet.slice(0, MAX_SNIPPET_CHARS),
      })),
    ),
    truncated,
    command: ['builtin-search', source, query.path],
    exit_code: matches.length > 0 ? 0 : 1,
    logs: [],
  };
}

function toOutcome(
  run: ProgramRun,
  logs: LogLine[],
  query: SymbolQuery,
  shape: RegExp,
): SymbolSearchOutcome {
  // Exit 1 means "no match" for grep and rg alike.
  const error = run.exit_code === 1 ? undefined : programFailure(run);
  const { matcher } = compileQuery(query);
  const matches: SymbolMatch[] = [];
  for (const raw of run.output.split('\n')) {
    const parsed = shape.exec(raw.replace(/\r$/, ''));
    if (parsed === null) {
      continue;
    }
    const text = parsed[3];
    matches.push({
      path: parsed[1].replace(/^\.\//, ''),
      line: Number(parsed[2]),
      column: columnOf(matcher, text),
      snippet: text.slice(0, MAX_SNIPPET_CHARS),
    });
  }
  return {
    matches: sortMatches(matches),
    truncated: run.truncated,
    command: run.command,
    exit_code: run.exit_code,
    logs,
    ...(error === undefined ? {} : { error }),
  };
}

/** 1-based position of the first match on the line (1 when only the external engine matched). */
function columnOf(matcher: RE2JS, text: string): number {
  const found = matcher.matcher(text);
  return found.find() ? found.start() + 1 : 1;
}

function sortMatches(matches: SymbolMatch[]): SymbolMatch[] {
  return matches.sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column,
  );
}
