import { createHash } from 'node:crypto';

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

export const MAX_WRITE_BYTES = 1_048_576;

// Standard alphabet, padded, no whitespace: Buffer.from(…, 'base64') would silently skip junk.
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const WriteFileArgs = ToolArgs({
  path: Type.String({
    description: 'Workspace-relative file; a final symlink writes to its contained target',
  }),
  content: Type.String({ description: 'File content, encoded as `encoding` says' }),
  encoding: Defaulted(
    StringEnum(['utf8', 'base64'], { description: 'Encoding of `content`', default: 'utf8' }),
  ),
  create_parents: Defaulted(
    Type.Boolean({ description: 'Create missing parent directories (0755)', default: true }),
  ),
});

@Tool({
  name: 'fs.write_file',
  description: 'Create or overwrite a file with UTF-8 or base64 content (at most 1 MiB).',
  inputSchema: WriteFileArgs,
  outputSchema: ToolOutput({
    path: Type.String(),
    bytes_written: Type.Integer(),
    sha256: Type.String(),
  }),
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
export class FsWriteFileTool implements ToolHandler<typeof WriteFileArgs> {
  async execute({ args, workspace }: ToolContext<typeof WriteFileArgs>): Promise<ToolResult> {
    const path = await workspace.resolve(args.path);
    const data = decodeContent(args.content, args.encoding);
    if (data.length > MAX_WRITE_BYTES) {
      throw new AppException('invalid_argument', 'content exceeds 1MB limit');
    }
    await workspace.writeFile(path, data, { createParents: args.create_parents });
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
