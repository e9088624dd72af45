import type { JsonValue } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { SECRET_SCAN_LIMITS, type SecretFinding, scanSecrets } from './secrets/secret-scanner.js';
import {
  PATH_POLICY,
  TEXT_CONTENT_TYPE,
  inputSchema,
  integerSchema,
  outputSchema,
  readInteger,
  readString,
} from './security-schemas.js';

@Tool({
  name: 'security.scan_secrets',
  description:
    'Scan workspace files for committed secrets (secretlint recommended rules); values are masked.',
  inputSchema: inputSchema({
    path: {
      type: 'string',
      description:
        'Workspace-relative file or directory (absolute paths under the workspace are accepted)',
      default: '.',
    },
    max_results: integerSchema('Stop after this many findings', 1, 2000, 200),
  }),
  outputSchema: outputSchema({
    scanner: 'string',
    command: { type: 'array', items: { type: 'string' } },
    findings_count: 'integer',
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          line: { type: 'integer' },
          snippet: { type: 'string' },
        },
      },
    },
    truncated: 'boolean',
    output: 'string',
    exit_code: 'integer',
    summary: 'string',
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 90,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: PATH_POLICY,
  examples: [{}, { path: 'config', max_results: 50 }],
  aliases: ['secrets.scan'],
})
export class ScanSecretsTool implements ToolHandler {
  async execute({ args, workspace, signal }: ToolContext): Promise<ToolResult> {
    const maxResults = readInteger(args, 'max_results', 200, 1, 2000);
    const scan = await scanSecrets(workspace, readString(args, 'path', '.'), maxResults, signal);
    // Only masked snippets ever leave the scanner; the text below is built from them alone.
    const text = scan.findings.map(formatFinding).join('\n');
    const noun = scan.findings.length === 1 ? 'finding' : 'findings';
    const limits =
      scan.skipped.length === 0 ? '' : `; limits: ${scan.skipped.slice(0, 5).join('; ')}`;
    const summary = `${scan.findings.length} ${noun} in ${scan.files_scanned} files${scan.truncated ? ' (max_results reached)' : ''}${limits}`;
    const output = {
      scanner: 'secretlint',
      command: ['secretlint', '--preset', 'recommend', scan.path],
      findings_count: scan.findings.length,
      findings: scan.findings.map((finding) => ({ ...finding })),
      truncated: scan.truncated,
      output: text,
      exit_code: 0,
      summary,
      files_scanned: scan.files_scanned,
      limits: {
        max_files: SECRET_SCAN_LIMITS.maxFiles,
        max_file_bytes: SECRET_SCAN_LIMITS.maxFileBytes,
        max_total_bytes: SECRET_SCAN_LIMITS.maxTotalBytes,
      },
    } satisfies JsonValue;
    return {
      output,
      exit_code: 0,
      artifacts: [
        {
          name: 'secrets-scan-output.txt',
          content_type: TEXT_CONTENT_TYPE,
          data: Buffer.from(text === '' ? '' : `${text}\n`, 'utf8'),
        },
      ],
    };
  }
}

function formatFinding(finding: SecretFinding): string {
  return `${finding.path}:${finding.line}:${finding.snippet}`;
}
