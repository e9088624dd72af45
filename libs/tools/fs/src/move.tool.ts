import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { normaliseWorkspacePath } from '#app/workspace';
import { booleanSchema, inputSchema, outputSchema, pathPolicy, pathSchema } from './fs-schemas.js';
import { readBoolean, readString } from '#app/tooling';

@Tool({
  name: 'fs.move',
  description: 'Move or rename a file or directory inside the workspace.',
  inputSchema: inputSchema(
    {
      source_path: pathSchema('Workspace-relative path to move'),
      destination_path: pathSchema('Workspace-relative new path'),
      overwrite: booleanSchema('Remove an existing destination (recursively) first', false),
      create_parents: booleanSchema('Create missing parent directories of the destination', true),
    },
    ['source_path', 'destination_path'],
  ),
  outputSchema: outputSchema({
    source_path: 'string',
    destination_path: 'string',
    moved: 'boolean',
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
export class MoveTool implements ToolHandler {
  async execute({ args, session, workspace }: ToolContext): Promise<ToolResult> {
    const rawSource = readString(args, 'source_path');
    if (normaliseWorkspacePath(rawSource, session.workspace_path) === '.') {
      throw new AppException('policy_denied', 'refusing to move workspace root');
    }
    const source = await workspace.resolve(rawSource);
    const destination = await workspace.resolve(readString(args, 'destination_path'));
    const output = { source_path: source, destination_path: destination };
    if (source === destination) {
      return { output: { ...output, moved: false } };
    }
    if (destination.startsWith(`${source}/`)) {
      throw new AppException('invalid_argument', 'destination is inside the source directory');
    }
    await workspace.move(source, destination, {
      overwrite: readBoolean(args, 'overwrite', false),
      createParents: readBoolean(args, 'create_parents', true),
    });
    return { output: { ...output, moved: true } };
  }
}
