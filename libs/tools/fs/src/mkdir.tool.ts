import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { booleanSchema, inputSchema, outputSchema, pathPolicy, pathSchema } from './fs-schemas.js';
import { readBoolean, readString } from '#app/tooling';

const MODE_PATTERN = '^(0o|0)?[0-7]{3}$';

@Tool({
  name: 'fs.mkdir',
  description: 'Create a directory and apply its mode with chmod (independent of the umask).',
  inputSchema: inputSchema(
    {
      path: pathSchema('Workspace-relative directory to create'),
      create_parents: booleanSchema('Create missing parent directories (0755)', true),
      mode: {
        type: 'string',
        pattern: MODE_PATTERN,
        description: 'Octal permission bits',
        default: '0755',
      },
      exist_ok: booleanSchema('An existing directory is not an error', true),
    },
    ['path'],
  ),
  outputSchema: outputSchema({ path: 'string', created: 'boolean', mode: 'string' }),
  scope: 'workspace',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 64,
  policy: pathPolicy('path'),
  examples: [{ path: 'build/out' }, { path: 'private', mode: '0700', exist_ok: false }],
})
export class MkdirTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    const path = await workspace.resolve(readString(args, 'path'));
    const mode = parseMode(readString(args, 'mode', '0755'));
    const created = await workspace.mkdir(path, {
      createParents: readBoolean(args, 'create_parents', true),
      mode,
    });
    if (!created && !readBoolean(args, 'exist_ok', true)) {
      throw new AppException('invalid_argument', 'directory already exists');
    }
    // An existing directory keeps its mode: report what it has, nothing was applied.
    const applied = created
      ? formatMode(mode)
      : ((await workspace.stat(path))?.mode ?? formatMode(mode));
    return { output: { path, created, mode: applied } };
  }
}

function parseMode(text: string): number {
  const digits = /([0-7]{3})$/.exec(text)?.[1] ?? '755';
  return Number.parseInt(digits, 8);
}

function formatMode(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}
