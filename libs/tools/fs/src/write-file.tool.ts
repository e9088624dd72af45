import { createHash } from 'node:crypto';

import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { booleanSchema, inputSchema, outputSchema, pathPolicy, pathSchema } from './fs-schemas.js';
import { readBoolean, readString } from '#app/tooling';

export const MAX_WRITE_BYTES = 1_048_576;

// Standard alphabet, padded, no whitespace: Buffer.from(…, 'base64') would silently skip junk.
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

@Tool({
  name: 'fs.write_file',
  description: 'Create or overwrite a file with UTF-8 or base64 content (at most 1 MiB).',
  inputSchema: inputSchema(
    {
      path: pathSchema('Workspace-relative file; a final symlink writes to its contained target'),
      content: { type: 'string', description: 'File content, encoded as `encoding` says' },
      encoding: {
        type: 'string',
        enum: ['utf8', 'base64'],
        description: 'Encoding of `content`',
        default: 'utf8',
      },
      create_parents: booleanSchema('Create missing parent directories (0755)', true),
    },
    ['path', 'content'],
  ),
  outputSchema: outputSchema({ path: 'string', bytes_written: 'integer', sha256: 'string' }),
  scope: 'workspace',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 256,
  policy: pathPolicy('path'),
  examples: [
    { path: 'notes/todo.md', content: '# TODO\n' },
    { path: 'assets/pixel.bin', content: 'AAEC', encoding: 'base64', create_parents: true },
  ],
})
export class WriteFileTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    const path = await workspace.resolve(readString(args, 'path'));
    const data = decodeContent(readString(args, 'content'), readString(args, 'encoding', 'utf8'));
    if (data.length > MAX_WRITE_BYTES) {
      throw new AppException('invalid_argument', 'content exceeds 1MB limit');
    }
    await workspace.writeFile(path, data, {
      createParents: readBoolean(args, 'create_parents', true),
    });
    return {
      output: {
        path,
        bytes_written: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
      },
    };
  }
}

function decodeContent(content: string, encoding: string): Buffer {
  if (encoding !== 'base64') {
    return Buffer.from(content, 'utf8');
  }
  if (!STANDARD_BASE64.test(content)) {
    throw new AppException('invalid_argument', 'invalid base64 content');
  }
  return Buffer.from(content, 'base64');
}
