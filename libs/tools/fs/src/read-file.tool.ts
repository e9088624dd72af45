import { isUtf8 } from 'node:buffer';

import { Type } from '@sinclair/typebox';
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

const ReadFileArgs = ToolArgs({
  path: Type.String({ description: 'Workspace-relative file' }),
  max_bytes: Defaulted(
    Type.Integer({
      description: 'Read at most this many bytes from the start',
      minimum: 1,
      maximum: 1_048_576,
      default: 65_536,
    }),
  ),
});

@Tool({
  name: 'fs.read_file',
  description:
    'Read the start of one file as UTF-8 text, or base64 when the bytes are not valid UTF-8.',
  inputSchema: ReadFileArgs,
  outputSchema: ToolOutput({
    path: Type.String(),
    content: Type.String(),
    encoding: StringEnum(['utf8', 'base64']),
    size_bytes: Type.Integer(),
    truncated: Type.Boolean(),
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: pathPolicy('path'),
  examples: [{ path: 'README.md' }, { path: 'src/main.ts', max_bytes: 4096 }],
})
export class FsReadFileTool implements ToolHandler<typeof ReadFileArgs> {
  async execute({ args, workspace }: ToolContext<typeof ReadFileArgs>): Promise<ToolResult> {
    const path = await workspace.resolve(args.path);
    const read = await workspace.readFile(path, args.max_bytes);
    const text = isUtf8(read.data);
    return {
      output: {
        path,
        content: read.data.toString(text ? 'utf8' : 'base64'),
        encoding: text ? 'utf8' : 'base64',
        size_bytes: read.size_bytes,
        truncated: read.truncated,
      },
    };
  }
}
