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
import { isDeclaration } from './declaration.matcher.js';
import { STRING_ARRAY } from './repo-schemas.js';
import { type SymbolQuery, builtinSearch, ripgrepSearch } from './symbol-search.engine.js';
import { MATCH_ITEM_SCHEMA, SYMBOL_POLICY_FIELD } from './symbol-search.tool.js';

const TIMEOUT_SECONDS = 120;

@Tool({
  name: 'repo.find_references',
  description: 'Find whole-word references to a symbol and mark the lines that declare it.',
  inputSchema: inputSchema(
    {
      symbol: stringSchema('Identifier to look for (fixed string, whole word)'),
      path: stringSchema('Workspace-relative directory or file to search', '.'),
      max_references: integerSchema('References listed at most', 1, 2000, 200),
      max_results: integerSchema('Older name of max_references', 1, 2000),
      case_sensitive: booleanSchema('Match case exactly', true),
      include_declarations: booleanSchema('Keep declaration lines in references', true),
    },
    ['symbol'],
  ),
  outputSchema: outputSchema({
    symbol: 'string',
    path: 'string',
    references_count: 'integer',
    declaration_count: 'integer',
    truncated: 'boolean',
    references: {
      type: 'array',
      items: {
        ...MATCH_ITEM_SCHEMA,
        properties: { ...MATCH_ITEM_SCHEMA.properties, is_declaration: { type: 'boolean' } },
      },
    },
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
    { symbol: 'Server', path: 'internal', include_declarations: false },
  ],
})
export class FindReferencesTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const caseSensitive = readBoolean(ctx.args, 'case_sensitive', true);
    const query: SymbolQuery = {
      symbol: readString(ctx.args, 'symbol'),
      path: await ctx.workspace.resolve(readString(ctx.args, 'path', '.')),
      caseSensitive,
      wholeWord: true,
      regex: false,
    };
    const limit = readInteger(
      ctx.args,
      'max_references',
      readInteger(ctx.args, 'max_results', 200, 1, 2000),
      1,
      2000,
    );
    // ripgrep is optional on the host (or in the pod): checked per call, never assumed.
    const probe = new ProgramRunner(ctx, { timeoutMs: 10_000 });
    const found = (await probe.isAvailable('rg'))
      ? await ripgrepSearch(ctx, query, TIMEOUT_SECONDS * 1000)
      : await builtinSearch(ctx, query, 2000);
    const marked = found.matches.map((match) => ({
      ...match,
      is_declaration: isDeclaration(match.snippet, query.symbol, caseSensitive),
    }));
    const declarations = marked.filter((reference) => reference.is_declaration).length;
    const kept = readBoolean(ctx.args, 'include_declarations', true)
      ? marked
      : marked.filter((reference) => !reference.is_declaration);
    const references = kept.slice(0, limit);
    const output: JsonObject = {
      symbol: query.symbol,
      path: query.path,
      references_count: references.length,
      declaration_count: declarations,
      truncated: found.truncated || kept.length > limit,
      references,
      command: found.command,
      exit_code: found.exit_code,
    };
    return {
      output,
      logs: found.logs,
      artifacts: [jsonArtifact('references-summary.json', output)],
      exit_code: found.exit_code,
      ...(found.error === undefined ? {} : { error: found.error }),
    };
  }
}
