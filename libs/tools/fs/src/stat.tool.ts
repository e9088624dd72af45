import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { inputSchema, outputSchema, pathPolicy, pathSchema } from './fs-schemas.js';
import { readString } from '#app/tooling';

@Tool({
  name: 'fs.stat',
  description: 'Metadata of one path from lstat; a missing path is reported, not an error.',
  inputSchema: inputSchema({ path: pathSchema('Workspace-relative path') }, ['path']),
  outputSchema: outputSchema({
    path: 'string',
    exists: 'boolean',
    type: { type: 'string', enum: ['file', 'dir', 'symlink', 'other'] },
    size_bytes: 'integer',
    mode: 'string',
    modified_at: 'string',
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
export class StatTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    const path = await workspace.resolve(readString(args, 'path'));
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
