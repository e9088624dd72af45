import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';

import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
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

const DEFAULT_MAX_BYTES = 262_144;

const DownloadArgs = ToolArgs({
  path: Type.String({ description: 'Workspace-relative file to fetch' }),
  encoding: Defaulted(
    StringEnum(['base64', 'utf8'], {
      description: 'How the content is returned',
      default: 'base64',
    }),
  ),
  max_bytes: Defaulted(
    Type.Integer({
      minimum: 1024,
      maximum: 10_485_760,
      default: DEFAULT_MAX_BYTES,
      description: 'Return at most this many bytes from the start of the file',
    }),
  ),
});

@Tool({
  name: 'artifact.download',
  description: 'Return the content of a workspace file inline, as base64 or UTF-8 text.',
  inputSchema: DownloadArgs,
  outputSchema: ToolOutput({
    path: Type.String(),
    encoding: Type.String(),
    content: Type.String(),
    content_base64: Type.String(),
    size_bytes: Type.Integer(),
    sha256: Type.String(),
    truncated: Type.Boolean(),
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 45,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: pathPolicy('path'),
  examples: [
    { path: 'dist/app.tar.gz' },
    { path: 'logs/build.log', encoding: 'utf8', max_bytes: 65_536 },
  ],
})
export class ArtifactDownloadTool implements ToolHandler<typeof DownloadArgs> {
  async execute({ args, workspace }: ToolContext<typeof DownloadArgs>): Promise<ToolResult> {
    const path = await workspace.resolve(args.path);
    const encoding = args.encoding;
    const read = await workspace.readFile(path, args.max_bytes);
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
