import { isUtf8 } from 'node:buffer';

import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { inputSchema, integerSchema, outputSchema, pathPolicy, pathSchema } from './fs-schemas.js';
import { readInteger, readString } from '#app/tooling';

@Tool({
  name: 'fs.read_file',
  description:
    'Read the start of one file as UTF-8 text, or base64 when the bytes are not valid UTF-8.',
  inputSchema: inputSchema(
    {
      path: pathSchema('Workspace-relative file'),
      max_bytes: integerSchema('Read at most this many bytes from the start', 1, 1_048_576, 65_536),
    },
    ['path'],
  ),
  outputSchema: outputSchema({
    path: 'string',
    content: 'string',
    encoding: { type: 'string', enum: ['utf8', 'base64'] },
    size_bytes: 'integer',
    truncated: 'boolean',
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
export class ReadFileTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    const path = await workspace.resolve(readString(args, 'path'));
    const read = await workspace.readFile(
      path,
      readInteger(args, 'max_bytes', 65_536, 1, 1_048_576),
    );
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
