import { posix } from 'node:path';
import picomatch from 'picomatch';

import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { PATH_POLICY, inputSchema, outputSchema } from './artifact-schemas.js';
import { readBoolean, readInteger, readString } from '#app/tooling';

@Tool({
  name: 'artifact.list',
  description: 'List regular files that could be attached, optionally filtered by a shell glob.',
  inputSchema: inputSchema({
    path: { type: 'string', description: 'Workspace-relative directory to list', default: '.' },
    recursive: {
      type: 'boolean',
      description: 'Descend into subdirectories (.git is skipped)',
      default: true,
    },
    pattern: {
      type: 'string',
      description: 'Shell glob (*, ?, […]) matched against the relative path or the base name',
    },
    max_entries: {
      type: 'integer',
      minimum: 1,
      maximum: 2000,
      default: 200,
      description: 'Stop after this many files',
    },
  }),
  outputSchema: outputSchema({
    path: 'string',
    recursive: 'boolean',
    pattern: 'string',
    count: 'integer',
    truncated: 'boolean',
    artifacts: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, size_bytes: { type: 'integer' } },
      },
    },
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 45,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: PATH_POLICY,
  examples: [{ path: 'build' }, { pattern: '*.xml', max_entries: 50 }],
})
export class ListArtifactsTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    const path = await workspace.resolve(readString(args, 'path', '.'));
    const recursive = readBoolean(args, 'recursive', true);
    const pattern = typeof args['pattern'] === 'string' ? args['pattern'] : undefined;
    const { files, truncated } = await workspace.listFiles(path, {
      recursive,
      maxEntries: readInteger(args, 'max_entries', 200, 1, 2000),
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
