import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { normaliseWorkspacePath } from '#app/workspace';
import { booleanSchema, inputSchema, outputSchema, pathPolicy, pathSchema } from './fs-schemas.js';
import { readBoolean, readString } from '#app/tooling';

@Tool({
  name: 'fs.delete',
  description: 'Delete a file, a symlink (never its target) or, with recursive, a directory tree.',
  inputSchema: inputSchema(
    {
      path: pathSchema('Workspace-relative path to delete (never the workspace root)'),
      recursive: booleanSchema('Required to delete a directory, empty or not', false),
      force: booleanSchema('A missing path is not an error', false),
    },
    ['path'],
  ),
  outputSchema: outputSchema({ path: 'string', deleted: 'boolean', existed: 'boolean' }),
  scope: 'workspace',
  sideEffects: 'irreversible',
  riskLevel: 'high',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 64,
  policy: pathPolicy('path'),
  examples: [{ path: 'tmp/output.log' }, { path: 'build', recursive: true, force: true }],
})
export class DeleteTool implements ToolHandler {
  async execute({ args, session, workspace }: ToolContext): Promise<ToolResult> {
    const raw = readString(args, 'path');
    // Checked before resolving so `.`, "" and workspace_path are refused even when allowed_paths
    // would also refuse the root.
    if (normaliseWorkspacePath(raw, session.workspace_path) === '.') {
      throw new AppException('policy_denied', 'refusing to delete workspace root');
    }
    const path = await workspace.resolve(raw);
    if ((await workspace.stat(path)) === null) {
      if (readBoolean(args, 'force', false)) {
        return { output: { path, deleted: false, existed: false } };
      }
      throw new AppException('not_found', `path not found: ${path}`);
    }
    await workspace.remove(path, { recursive: readBoolean(args, 'recursive', false) });
    return { output: { path, deleted: true, existed: true } };
  }
}
