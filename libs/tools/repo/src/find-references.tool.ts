import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import {
  type ArgsOf,
  ComputedDefault,
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
import { isDeclaration } from './declaration.matcher.js';
import { StringList } from './repo-command.schema.js';
import { SYMBOL_MATCH_MEMBERS } from './symbol-match.schema.js';
import { type SymbolQuery, builtinSearch, ripgrepSearch } from './symbol-search.engine.js';
import { SYMBOL_POLICY_FIELD } from './symbol-search.tool.js';

const TIMEOUT_SECONDS = 120;
const DEFAULT_MAX_REFERENCES = 200;

const RepoFindReferencesArgs = ToolArgs({
  symbol: Type.String({ description: 'Identifier to look for (fixed string, whole word)' }),
  path: Defaulted(
    Type.String({ description: 'Workspace-relative directory or file to search', default: '.' }),
  ),
  max_references: ComputedDefault(
    Type.Integer({
      description: 'References listed at most',
      minimum: 1,
      maximum: 2000,
      default: DEFAULT_MAX_REFERENCES,
    }),
  ),
  max_results: Type.Optional(
    Type.Integer({ description: 'Older name of max_references', minimum: 1, maximum: 2000 }),
  ),
  case_sensitive: Defaulted(Type.Boolean({ description: 'Match case exactly', default: true })),
  include_declarations: Defaulted(
    Type.Boolean({ description: 'Keep declaration lines in references', default: true }),
  ),
});

@Tool({
  name: 'repo.find_references',
  description: 'Find whole-word references to a symbol and mark the lines that declare it.',
  inputSchema: RepoFindReferencesArgs,
  outputSchema: ToolOutput({
    symbol: Type.String(),
    path: Type.String(),
    references_count: Type.Integer(),
    declaration_count: Type.Integer(),
    truncated: Type.Boolean(),
    references: Type.Array(ToolOutput({ ...SYMBOL_MATCH_MEMBERS, is_declaration: Type.Boolean() })),
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
    { symbol: 'Server', path: 'internal', include_declarations: false },
  ],
})
export class RepoFindReferencesTool implements ToolHandler<typeof RepoFindReferencesArgs> {
  async execute(ctx: ToolContext<typeof RepoFindReferencesArgs>): Promise<ToolResult> {
    const caseSensitive = ctx.args.case_sensitive;
    const query: SymbolQuery = {
      symbol: ctx.args.symbol,
      path: await ctx.workspace.resolve(ctx.args.path),
      caseSensitive,
      wholeWord: true,
      regex: false,
    };
    const limit = referenceLimit(ctx.args);
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
    const kept = ctx.args.include_declarations
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

/** `max_references`, or `max_results` when only that older name is given (CATALOG.md 6). */
function referenceLimit(args: ArgsOf<typeof RepoFindReferencesArgs>): number {
  return args.max_references ?? args.max_results ?? DEFAULT_MAX_REFERENCES;
}
