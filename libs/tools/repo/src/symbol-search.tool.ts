import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  pathPolicy,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { ProgramRunner, jsonArtifact } from '#app/tooling';
import { StringList } from './repo-command.schema.js';
import { SYMBOL_MATCH_MEMBERS } from './symbol-match.schema.js';
import {
  type SymbolQuery,
  builtinSearch,
  compileQuery,
  grepSearch,
} from './symbol-search.engine.js';

const TIMEOUT_SECONDS = 120;

export const SYMBOL_POLICY_FIELD = {
  field: 'symbol',
  max_length: 160,
  deny_characters: ['\u0000', '\n', '\r'],
};

const RepoSymbolSearchArgs = ToolArgs({
  symbol: Type.String({ description: 'Text or RE2 pattern to look for' }),
  path: Defaulted(
    Type.String({ description: 'Workspace-relative directory or file to search', default: '.' }),
  ),
  max_results: Defaulted(
    Type.Integer({
      description: 'Matches listed at most',
      minimum: 1,
      maximum: 2000,
      default: 200,
    }),
  ),
  case_sensitive: Defaulted(Type.Boolean({ description: 'Match case exactly', default: true })),
  whole_word: Defaulted(Type.Boolean({ description: 'Match whole words only', default: false })),
  use_regex: Defaulted(
    Type.Boolean({ description: 'Treat symbol as an RE2 pattern', default: false }),
  ),
});

@Tool({
  name: 'repo.symbol_search',
  description:
    'Search the repository for a symbol (fixed string or RE2 pattern) with line and column.',
  inputSchema: RepoSymbolSearchArgs,
  outputSchema: ToolOutput({
    symbol: Type.String(),
    path: Type.String(),
    matches_count: Type.Integer(),
    truncated: Type.Boolean(),
    matches: Type.Array(ToolOutput(SYMBOL_MATCH_MEMBERS)),
    command: StringList,
    exit_code: Type.Integer(),
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: { ...pathPolicy('path'), arg_fields: [SYMBOL_POLICY_FIELD] },
  examples: [
    { symbol: 'ParseConfig' },
    { symbol: 'handle\\w+Request', path: 'src', use_regex: true, max_results: 50 },
  ],
})
export class RepoSymbolSearchTool implements ToolHandler<typeof RepoSymbolSearchArgs> {
  async execute(ctx: ToolContext<typeof RepoSymbolSearchArgs>): Promise<ToolResult> {
    const query: SymbolQuery = {
      symbol: ctx.args.symbol,
      path: await ctx.workspace.resolve(ctx.args.path),
      caseSensitive: ctx.args.case_sensitive,
      wholeWord: ctx.args.whole_word,
      regex: ctx.args.use_regex,
    };
    compileQuery(query);
    const maxResults = ctx.args.max_results;
    const probe = new ProgramRunner(ctx, { timeoutMs: 10_000 });
    const found = (await probe.isAvailable('grep'))
      ? await grepSearch(ctx, query, TIMEOUT_SECONDS * 1000)
      : await builtinSearch(ctx, query, maxResults + 1);
    const matches = found.matches.slice(0, maxResults);
    const output: JsonObject = {
      symbol: query.symbol,
      path: query.path,
      matches_count: matches.length,
      truncated: found.truncated || found.matches.length > maxResults,
      matches: matches.map((match) => ({ ...match })),
      command: found.command,
      exit_code: found.exit_code,
    };
    return {
      output,
      logs: found.logs,
      artifacts: [jsonArtifact('symbol-search-results.json', output)],
      exit_code: found.exit_code,
      ...(found.error === undefined ? {} : { error: found.error }),
    };
  }
}
