import { Type } from '@sinclair/typebox';
import { AppException } from '#app/errors';
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
import { normaliseWorkspacePath } from '#app/workspace';

const DeleteArgs = ToolArgs({
  path: Type.String({
    description: 'Workspace-relative path to delete (never the workspace root)',
  }),
  recursive: Defaulted(
    Type.Boolean({ description: 'Required to delete a directory, empty or not', default: false }),
  ),
  force: Defaulted(Type.Boolean({ description: 'A missing path is not an error', default: false })),
});

@Tool({
  name: 'fs.delete',
  description: 'Delete a file, a symlink (never its target) or, with recursive, a directory tree.',
  inputSchema: DeleteArgs,
  outputSchema: ToolOutput({
    path: Type.String(),
    deleted: Type.Boolean(),
    existed: Type.Boolean(),
  }),
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
export class FsDeleteTool implements ToolHandler<typeof DeleteArgs> {
  async execute({ args, session, workspace }: ToolContext<typeof DeleteArgs>): Promise<ToolResult> {
    const raw = args.path;
    // Checked before resolving so `.`, "" and workspace_path are refused even when allowed_paths
    // would also refuse the root.
    if (normaliseWorkspacePath(raw, session.workspace_path) === '.') {
      throw new AppException('policy_denied', 'refusing to delete workspace root');
    }
    const path = await workspace.resolve(raw);
    if ((await workspace.stat(path)) === null) {
      if (args.force) {
        return { output: { path, deleted: false, existed: false } };
      }
      throw new AppException('not_found', `path not found: ${path}`);
    }
    await workspace.remove(path, { recursive: args.recursive });
    return { output: { path, deleted: true, existed: true } };
  }
}
