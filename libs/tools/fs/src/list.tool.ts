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
import { FS_ENTRY } from './fs-entry.schema.js';

const ListArgs = ToolArgs({
  path: Defaulted(
    Type.String({ description: 'Workspace-relative file or directory', default: '.' }),
  ),
  recursive: Defaulted(
    Type.Boolean({
      description: 'Walk the whole tree depth-first (symlinked directories are not entered)',
      default: false,
    }),
  ),
  max_entries: Defaulted(
    Type.Integer({
      description: 'Stop after this many entries',
      minimum: 1,
      maximum: 1000,
      default: 200,
    }),
  ),
});

@Tool({
  name: 'fs.list',
  description: 'List the entries of a directory (or one file), optionally as a depth-first walk.',
  inputSchema: ListArgs,
  outputSchema: ToolOutput({
    path: Type.String(),
    entries: Type.Array(FS_ENTRY),
    count: Type.Integer(),
    truncated: Type.Boolean(),
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
export class FsListTool implements ToolHandler<typeof ListArgs> {
  async execute({ args, workspace }: ToolContext<typeof ListArgs>): Promise<ToolResult> {
    const path = await workspace.resolve(args.path);
    const { entries, truncated } = await workspace.list(path, {
      recursive: args.recursive,
      maxEntries: args.max_entries,
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
