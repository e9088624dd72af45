import { posix } from 'node:path';
import picomatch from 'picomatch';

import { Type } from '@sinclair/typebox';
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

const ListArgs = ToolArgs({
  path: Defaulted(
    Type.String({ description: 'Workspace-relative directory to list', default: '.' }),
  ),
  recursive: Defaulted(
    Type.Boolean({ description: 'Descend into subdirectories (.git is skipped)', default: true }),
  ),
  pattern: Type.Optional(
    Type.String({
      description: 'Shell glob (*, ?, […]) matched against the relative path or the base name',
    }),
  ),
  max_entries: Defaulted(
    Type.Integer({
      minimum: 1,
      maximum: 2000,
      default: 200,
      description: 'Stop after this many files',
    }),
  ),
});

@Tool({
  name: 'artifact.list',
  description: 'List regular files that could be attached, optionally filtered by a shell glob.',
  inputSchema: ListArgs,
  outputSchema: ToolOutput({
    path: Type.String(),
    recursive: Type.Boolean(),
    pattern: Type.String(),
    count: Type.Integer(),
    truncated: Type.Boolean(),
    artifacts: Type.Array(
      Type.Object({
        path: Type.Optional(Type.String()),
        size_bytes: Type.Optional(Type.Integer()),
      }),
    ),
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 45,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: pathPolicy('path'),
  examples: [{ path: 'build' }, { pattern: '*.xml', max_entries: 50 }],
})
export class ArtifactListTool implements ToolHandler<typeof ListArgs> {
  async execute({ args, workspace }: ToolContext<typeof ListArgs>): Promise<ToolResult> {
    const path = await workspace.resolve(args.path);
    const recursive = args.recursive;
    const pattern = args.pattern;
    const { files, truncated } = await workspace.listFiles(path, {
      recursive,
      maxEntries: args.max_entries,
      matches: pattern === undefined ? undefined : globMatcher(pattern),
    });
    return {
      output: {
        path,
        recursive,
        ...(pattern === undefined ? {} : { pattern }),
        count: files.length,
        truncated,
        artifacts: files.map((file) => ({ path: file.path, size_bytes: file.size_bytes })),
      },
    };
  }
}

function globMatcher(pattern: string): (relativePath: string) => boolean {
  const matches = picomatch(pattern, { dot: true });
  return (relativePath) => matches(relativePath) || matches(posix.basename(relativePath));
}
