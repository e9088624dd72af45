import type { JsonObject } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  ProgramRunner,
  booleanSchema,
  inputSchema,
  integerSchema,
  jsonArtifact,
  outputSchema,
  pathPolicy,
  readBoolean,
  readInteger,
  readString,
  stringSchema,
} from '#app/tooling';
import { STRING_ARRAY } from './repo-schemas.js';
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

export const MATCH_ITEM_SCHEMA = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    snippet: { type: 'string' },
  },
};

@Tool({
  name: 'repo.symbol_search',
  description:
    'Search the repository for a symbol (fixed string or RE2 pattern) with line and column.',
  inputSchema: inputSchema(
    {
      symbol: stringSchema('Text or RE2 pattern to look for'),
      path: stringSchema('Workspace-relative directory or file to search', '.'),
      max_results: integerSchema('Matches listed at most', 1, 2000, 200),
      case_sensitive: booleanSchema('Match case exactly', true),
      whole_word: booleanSchema('Match whole words only', false),
      use_regex: booleanSchema('Treat symbol as an RE2 pattern', false),
    },
    ['symbol'],
  ),
  outputSchema: outputSchema({
    symbol: 'string',
    path: 'string',
    matches_count: 'integer',
    truncated: 'boolean',
    matches: { type: 'array', items: MATCH_ITEM_SCHEMA },
    command: STRING_ARRAY,
    exit_code: 'integer',
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
export class SymbolSearchTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const query: SymbolQuery = {
      symbol: readString(ctx.args, 'symbol'),
      path: await ctx.workspace.resolve(readString(ctx.args, 'path', '.')),
      caseSensitive: readBoolean(ctx.args, 'case_sensitive', true),
      wholeWord: readBoolean(ctx.args, 'whole_word', false),
      regex: readBoolean(ctx.args, 'use_regex', false),
    };
    compileQuery(query);
    const maxResults = readInteger(ctx.args, 'max_results', 200, 1, 2000);
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
