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

const MODE_PATTERN = '^(0o|0)?[0-7]{3}$';

const MkdirArgs = ToolArgs({
  path: Type.String({ description: 'Workspace-relative directory to create' }),
  create_parents: Defaulted(
    Type.Boolean({ description: 'Create missing parent directories (0755)', default: true }),
  ),
  mode: Defaulted(
    Type.String({ pattern: MODE_PATTERN, description: 'Octal permission bits', default: '0755' }),
  ),
  exist_ok: Defaulted(
    Type.Boolean({ description: 'An existing directory is not an error', default: true }),
  ),
});

@Tool({
  name: 'fs.mkdir',
  description: 'Create a directory and apply its mode with chmod (independent of the umask).',
  inputSchema: MkdirArgs,
  outputSchema: ToolOutput({ path: Type.String(), created: Type.Boolean(), mode: Type.String() }),
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
export class FsMkdirTool implements ToolHandler<typeof MkdirArgs> {
  async execute({ args, workspace }: ToolContext<typeof MkdirArgs>): Promise<ToolResult> {
    const path = await workspace.resolve(args.path);
    const mode = parseMode(args.mode);
    const created = await workspace.mkdir(path, { createParents: args.create_parents, mode });
    if (!created && !args.exist_ok) {
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
