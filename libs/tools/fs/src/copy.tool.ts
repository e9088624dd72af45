import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { booleanSchema, inputSchema, outputSchema, pathPolicy, pathSchema } from './fs-schemas.js';
import { readBoolean, readString } from '#app/tooling';

@Tool({
  name: 'fs.copy',
  description: 'Copy a file or a directory tree (modes preserved, symlinks refused).',
  inputSchema: inputSchema(
    {
      source_path: pathSchema('Workspace-relative file or directory to copy'),
      destination_path: pathSchema('Workspace-relative path of the copy'),
      recursive: booleanSchema('Required to copy a directory', false),
      overwrite: booleanSchema('Replace an existing destination', false),
      create_parents: booleanSchema('Create missing parent directories of the destination', true),
    },
    ['source_path', 'destination_path'],
  ),
  outputSchema: outputSchema({
    source_path: 'string',
    destination_path: 'string',
    copied: 'boolean',
    type: { type: 'string', enum: ['file', 'dir'] },
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
export class CopyTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    const source = await workspace.resolve(readString(args, 'source_path'));
    const destination = await workspace.resolve(readString(args, 'destination_path'));
    if (source === destination) {
      throw new AppException('invalid_argument', 'source and destination are the same');
    }
    const type = await workspace.copy(source, destination, {
      recursive: readBoolean(args, 'recursive', false),
      overwrite: readBoolean(args, 'overwrite', false),
      createParents: readBoolean(args, 'create_parents', true),
    });
    return { output: { source_path: source, destination_path: destination, copied: true, type } };
  }
}
