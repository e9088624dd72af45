import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  ENTRY_SCHEMA,
  booleanSchema,
  inputSchema,
  integerSchema,
  outputSchema,
  pathPolicy,
  pathSchema,
} from './fs-schemas.js';
import { readBoolean, readInteger, readString } from '#app/tooling';

@Tool({
  name: 'fs.list',
  description: 'List the entries of a directory (or one file), optionally as a depth-first walk.',
  inputSchema: inputSchema({
    path: pathSchema('Workspace-relative file or directory', '.'),
    recursive: booleanSchema(
      'Walk the whole tree depth-first (symlinked directories are not entered)',
      false,
    ),
    max_entries: integerSchema('Stop after this many entries', 1, 1000, 200),
  }),
  outputSchema: outputSchema({
    path: 'string',
    entries: { type: 'array', items: ENTRY_SCHEMA },
    count: 'integer',
    truncated: 'boolean',
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 15,
  maxRetries: 0,
  outputLimitKb: 256,
  policy: pathPolicy('path'),
  examples: [{ path: '.' }, { path: 'src', recursive: true, max_entries: 500 }],
})
export class ListTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    const path = await workspace.resolve(readString(args, 'path', '.'));
    const { entries, truncated } = await workspace.list(path, {
      recursive: readBoolean(args, 'recursive', false),
      maxEntries: readInteger(args, 'max_entries', 200, 1, 1000),
    });
    return {
      output: {
        path,
        entries: entries.map((entry) => ({ ...entry })),
        count: entries.length,
        truncated,
      },
    };
  }
}
