import { Type } from '@sinclair/typebox';
import { AppException } from '#app/errors';
import {
  Defaulted,
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  pathPolicy,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';

const CopyArgs = ToolArgs({
  source_path: Type.String({ description: 'Workspace-relative file or directory to copy' }),
  destination_path: Type.String({ description: 'Workspace-relative path of the copy' }),
  recursive: Defaulted(
    Type.Boolean({ description: 'Required to copy a directory', default: false }),
  ),
  overwrite: Defaulted(
    Type.Boolean({ description: 'Replace an existing destination', default: false }),
  ),
  create_parents: Defaulted(
    Type.Boolean({
      description: 'Create missing parent directories of the destination',
      default: true,
    }),
  ),
});

@Tool({
  name: 'fs.copy',
  description: 'Copy a file or a directory tree (modes preserved, symlinks refused).',
  inputSchema: CopyArgs,
  outputSchema: ToolOutput({
    source_path: Type.String(),
    destination_path: Type.String(),
    copied: Type.Boolean(),
    type: StringEnum(['file', 'dir']),
  }),
  scope: 'workspace',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 25,
  maxRetries: 0,
  outputLimitKb: 64,
  policy: pathPolicy('source_path', 'destination_path'),
  examples: [
    { source_path: 'config/app.example.json', destination_path: 'config/app.json' },
    { source_path: 'templates', destination_path: 'out/templates', recursive: true },
  ],
})
export class FsCopyTool implements ToolHandler<typeof CopyArgs> {
  async execute({ args, workspace }: ToolContext<typeof CopyArgs>): Promise<ToolResult> {
    const source = await workspace.resolve(args.source_path);
    const destination = await workspace.resolve(args.destination_path);
    if (source === destination) {
      throw new AppException('invalid_argument', 'source and destination are the same');
    }
    const type = await workspace.copy(source, destination, {
      recursive: args.recursive,
      overwrite: args.overwrite,
      createParents: args.create_parents,
    });
    return { output: { source_path: source, destination_path: destination, copied: true, type } };
  }
}
