import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';

import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { PATH_POLICY, inputSchema, outputSchema } from './artifact-schemas.js';
import { readInteger, readString } from '#app/tooling';

const DEFAULT_MAX_BYTES = 262_144;

@Tool({
  name: 'artifact.download',
  description: 'Return the content of a workspace file inline, as base64 or UTF-8 text.',
  inputSchema: inputSchema(
    {
      path: { type: 'string', description: 'Workspace-relative file to fetch' },
      encoding: {
        type: 'string',
        enum: ['base64', 'utf8'],
        description: 'How the content is returned',
        default: 'base64',
      },
      max_bytes: {
        type: 'integer',
        minimum: 1024,
        maximum: 10_485_760,
        default: DEFAULT_MAX_BYTES,
        description: 'Return at most this many bytes from the start of the file',
      },
    },
    ['path'],
  ),
  outputSchema: outputSchema({
    path: 'string',
    encoding: 'string',
    content: 'string',
    content_base64: 'string',
    size_bytes: 'integer',
    sha256: 'string',
    truncated: 'boolean',
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 45,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: PATH_POLICY,
  examples: [
    { path: 'dist/app.tar.gz' },
    { path: 'logs/build.log', encoding: 'utf8', max_bytes: 65_536 },
  ],
})
export class DownloadTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    const path = await workspace.resolve(readString(args, 'path'));
    const encoding = readString(args, 'encoding', 'base64') === 'utf8' ? 'utf8' : 'base64';
    const maxBytes = readInteger(args, 'max_bytes', DEFAULT_MAX_BYTES, 1024, 10_485_760);
    const read = await workspace.readFile(path, maxBytes);
    if (encoding === 'utf8' && !isUtf8(read.data)) {
      throw new AppException('execution_failed', 'content is not valid utf-8');
    }
    const content: JsonObject =
      encoding === 'utf8'
        ? { content: read.data.toString('utf8') }
        : { content_base64: read.data.toString('base64') };
    return {
      output: {
        path,
        encoding,
        ...content,
        size_bytes: read.data.length,
        sha256: createHash('sha256').update(read.data).digest('hex'),
        truncated: read.truncated,
      },
    };
  }
}
