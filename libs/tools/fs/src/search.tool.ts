import { Type } from '@sinclair/typebox';
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

/** CATALOG.md 4 "Match": 1-based line, snippet cut to 1,000 characters. */
const FS_MATCH = Type.Object({
  path: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  snippet: Type.Optional(Type.String()),
});

const SearchArgs = ToolArgs({
  path: Defaulted(
    Type.String({ description: 'Workspace-relative directory or file to search', default: '.' }),
  ),
  pattern: Type.String({ description: 'RE2 syntax (no back-references, no look-around)' }),
  max_results: Defaulted(
    Type.Integer({
      description: 'Stop after this many matches',
      minimum: 1,
      maximum: 2000,
      default: 200,
    }),
  ),
});

@Tool({
  name: 'fs.search',
  description: 'Search text files with a linear-time RE2 regular expression, one match per line.',
  inputSchema: SearchArgs,
  outputSchema: ToolOutput({
    path: Type.String(),
    pattern: Type.String(),
    matches: Type.Array(FS_MATCH),
    count: Type.Integer(),
    truncated: Type.Boolean(),
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 30,
  maxRetries: 0,
  outputLimitKb: 512,
  policy: pathPolicy('path'),
  examples: [
    { pattern: 'TODO|FIXME' },
    { path: 'src', pattern: 'func\\s+Test\\w+', max_results: 50 },
  ],
})
export class FsSearchTool implements ToolHandler<typeof SearchArgs> {
  async execute({ args, workspace, signal }: ToolContext<typeof SearchArgs>): Promise<ToolResult> {
    const path = await workspace.resolve(args.path);
    const pattern = args.pattern;
    const { matches, truncated } = await workspace.search(path, pattern, args.max_results, {
      signal,
    });
    return {
      output: {
        path,
        pattern,
        matches: matches.map((match) => ({ ...match })),
        count: matches.length,
        truncated,
      },
    };
  }
}
