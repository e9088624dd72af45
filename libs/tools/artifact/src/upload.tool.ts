import { createHash } from 'node:crypto';
import { posix } from 'node:path';

import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { sanitiseArtifactName } from '#app/artifacts';
import { PATH_POLICY, inputSchema, outputSchema } from './artifact-schemas.js';
import { readInteger, readString } from '#app/tooling';

const DEFAULT_MAX_BYTES = 2_097_152;
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

@Tool({
  name: 'artifact.upload',
  description: 'Attach a workspace file to this invocation as a downloadable artifact.',
  inputSchema: inputSchema(
    {
      path: { type: 'string', description: 'Workspace-relative file to attach' },
      name: {
        type: 'string',
        description: "Artifact name (sanitised); default the file's base name",
      },
      content_type: {
        type: 'string',
        description: 'Media type recorded with the artifact',
        default: DEFAULT_CONTENT_TYPE,
      },
      max_bytes: {
        type: 'integer',
        minimum: 1024,
        maximum: 10_485_760,
        default: DEFAULT_MAX_BYTES,
        description: 'Attach at most this many bytes from the start of the file',
      },
    },
    ['path'],
  ),
  outputSchema: outputSchema({
    path: 'string',
    artifact_name: 'string',
    content_type: 'string',
    size_bytes: 'integer',
    sha256: 'string',
    truncated: 'boolean',
    summary: 'string',
  }),
  scope: 'workspace',
  sideEffects: 'reversible',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 45,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: PATH_POLICY,
  examples: [
    { path: 'coverage/lcov.info' },
    { path: 'out/report.json', name: 'report.json', content_type: 'application/json' },
  ],
})
export class UploadTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    const path = await workspace.resolve(readString(args, 'path'));
    const maxBytes = readInteger(args, 'max_bytes', DEFAULT_MAX_BYTES, 1024, 10_485_760);
    const read = await workspace.readFile(path, maxBytes);
    const name = sanitiseArtifactName(
      typeof args['name'] === 'string' ? args['name'] : posix.basename(path),
    );
    const contentType = readString(args, 'content_type', DEFAULT_CONTENT_TYPE);
    const size = read.data.length;
    return {
      output: {
        path,
        artifact_name: name,
        content_type: contentType,
        size_bytes: size,
        sha256: createHash('sha256').update(read.data).digest('hex'),
        truncated: read.truncated,
        summary: `attached ${path} as ${name} (${size} bytes${read.truncated ? ', truncated' : ''})`,
      },
      artifacts: [{ name, content_type: contentType, data: read.data }],
    };
  }
}
