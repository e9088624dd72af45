import { Type } from '@sinclair/typebox';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  pathPolicy,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { FS_ENTRY_TYPE } from './fs-entry.schema.js';

const StatArgs = ToolArgs({ path: Type.String({ description: 'Workspace-relative path' }) });

@Tool({
  name: 'fs.stat',
  description: 'Metadata of one path from lstat; a missing path is reported, not an error.',
  inputSchema: StatArgs,
  outputSchema: ToolOutput({
    path: Type.String(),
    exists: Type.Boolean(),
    type: FS_ENTRY_TYPE,
    size_bytes: Type.Integer(),
    mode: Type.String(),
    modified_at: Type.String(),
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 15,
  maxRetries: 0,
  outputLimitKb: 64,
  policy: pathPolicy('path'),
  examples: [{ path: 'package.json' }],
})
export class FsStatTool implements ToolHandler<typeof StatArgs> {
  async execute({ args, workspace }: ToolContext<typeof StatArgs>): Promise<ToolResult> {
    const path = await workspace.resolve(args.path);
    const entry = await workspace.stat(path);
    if (entry === null) {
      return { output: { path, exists: false } };
    }
    return {
      output: {
        path,
        exists: true,
        type: entry.type,
        size_bytes: entry.size_bytes,
        mode: entry.mode,
        modified_at: entry.modified_at,
      },
    };
  }
}
