import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  MATCH_SCHEMA,
  inputSchema,
  integerSchema,
  outputSchema,
  pathPolicy,
  pathSchema,
} from './fs-schemas.js';
import { readInteger, readString } from '#app/tooling';

@Tool({
  name: 'fs.search',
  description: 'Search text files with a linear-time RE2 regular expression, one match per line.',
  inputSchema: inputSchema(
    {
      path: pathSchema('Workspace-relative directory or file to search', '.'),
      pattern: { type: 'string', description: 'RE2 syntax (no back-references, no look-around)' },
      max_results: integerSchema('Stop after this many matches', 1, 2000, 200),
    },
    ['pattern'],
  ),
  outputSchema: outputSchema({
    path: 'string',
    pattern: 'string',
    matches: { type: 'array', items: MATCH_SCHEMA },
    count: 'integer',
    truncated: 'boolean',
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
export class SearchTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    const path = await workspace.resolve(readString(args, 'path', '.'));
    const pattern = readString(args, 'pattern');
    const { matches, truncated } = await workspace.search(
      path,
      pattern,
      readInteger(args, 'max_results', 200, 1, 2000),
    );
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
