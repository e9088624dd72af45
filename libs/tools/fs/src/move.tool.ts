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

const MoveArgs = ToolArgs({
  source_path: Type.String({ description: 'Workspace-relative path to move' }),
  destination_path: Type.String({ description: 'Workspace-relative new path' }),
  overwrite: Defaulted(
    Type.Boolean({
      description: 'Remove an existing destination (recursively) first',
      default: false,
    }),
  ),
  create_parents: Defaulted(
    Type.Boolean({
      description: 'Create missing parent directories of the destination',
      default: true,
    }),
  ),
});

@Tool({
  name: 'fs.move',
  description: 'Move or rename a file or directory inside the workspace.',
  inputSchema: MoveArgs,
  outputSchema: ToolOutput({
    source_path: Type.String(),
    destination_path: Type.String(),
    moved: Type.Boolean(),
  }),
  scope: 'workspace',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 64,
  policy: pathPolicy('source_path', 'destination_path'),
  examples: [
    { source_path: 'old-name.txt', destination_path: 'new-name.txt' },
    { source_path: 'tmp/build', destination_path: 'dist', overwrite: true },
  ],
})
export class FsMoveTool implements ToolHandler<typeof MoveArgs> {
  async execute({ args, session, workspace }: ToolContext<typeof MoveArgs>): Promise<ToolResult> {
    const rawSource = args.source_path;
    if (normaliseWorkspacePath(rawSource, session.workspace_path) === '.') {
      throw new AppException('policy_denied', 'refusing to move workspace root');
    }
    const source = await workspace.resolve(rawSource);
    const destination = await workspace.resolve(args.destination_path);
    const output = { source_path: source, destination_path: destination };
    if (source === destination) {
      return { output: { ...output, moved: false } };
    }
    if (destination.startsWith(`${source}/`)) {
      throw new AppException('invalid_argument', 'destination is inside the source directory');
    }
    await workspace.move(source, destination, {
      overwrite: args.overwrite,
      createParents: args.create_parents,
    });
    return { output: { ...output, moved: true } };
  }
}
