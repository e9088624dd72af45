import { createHash } from 'node:crypto';
import { posix } from 'node:path';

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
import { sanitiseArtifactName } from '#app/artifacts';

const DEFAULT_MAX_BYTES = 2_097_152;
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

const UploadArgs = ToolArgs({
  path: Type.String({ description: 'Workspace-relative file to attach' }),
  name: Type.Optional(
    Type.String({ description: "Artifact name (sanitised); default the file's base name" }),
  ),
  content_type: Defaulted(
    Type.String({
      description: 'Media type recorded with the artifact',
      default: DEFAULT_CONTENT_TYPE,
    }),
  ),
  max_bytes: Defaulted(
    Type.Integer({
      minimum: 1024,
      maximum: 10_485_760,
      default: DEFAULT_MAX_BYTES,
      description: 'Attach at most this many bytes from the start of the file',
    }),
  ),
});

@Tool({
  name: 'artifact.upload',
  description: 'Attach a workspace file to this invocation as a downloadable artifact.',
  inputSchema: UploadArgs,
  outputSchema: ToolOutput({
    path: Type.String(),
    artifact_name: Type.String(),
    content_type: Type.String(),
    size_bytes: Type.Integer(),
    sha256: Type.String(),
    truncated: Type.Boolean(),
    summary: Type.String(),
  }),
  scope: 'workspace',
  sideEffects: 'reversible',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 45,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: pathPolicy('path'),
  examples: [
    { path: 'coverage/lcov.info' },
    { path: 'out/report.json', name: 'report.json', content_type: 'application/json' },
  ],
})
export class ArtifactUploadTool implements ToolHandler<typeof UploadArgs> {
  async execute({ args, workspace }: ToolContext<typeof UploadArgs>): Promise<ToolResult> {
    const path = await workspace.resolve(args.path);
    const read = await workspace.readFile(path, args.max_bytes);
    const name = sanitiseArtifactName(args.name ?? posix.basename(path));
    const contentType = args.content_type;
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
