import { Type } from '@sinclair/typebox';
import type { JsonValue } from '#app/contracts';
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
import { TEXT_CONTENT_TYPE } from './content-types.js';
import { SECRET_SCAN_LIMITS, type SecretFinding, scanSecrets } from './secrets/secret-scanner.js';

const ScanSecretsArgs = ToolArgs({
  path: Defaulted(
    Type.String({
      description:
        'Workspace-relative file or directory (absolute paths under the workspace are accepted)',
      default: '.',
    }),
  ),
  max_results: Defaulted(
    Type.Integer({
      description: 'Stop after this many findings',
      minimum: 1,
      maximum: 2000,
      default: 200,
    }),
  ),
});

@Tool({
  name: 'security.scan_secrets',
  description:
    'Scan workspace files for committed secrets (secretlint recommended rules); values are masked.',
  inputSchema: ScanSecretsArgs,
  outputSchema: ToolOutput({
    scanner: Type.String(),
    command: Type.Array(Type.String()),
    findings_count: Type.Integer(),
    findings: Type.Array(
      Type.Partial(
        Type.Object({ path: Type.String(), line: Type.Integer(), snippet: Type.String() }),
      ),
    ),
    truncated: Type.Boolean(),
    output: Type.String(),
    exit_code: Type.Integer(),
    summary: Type.String(),
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 90,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: pathPolicy('path'),
  examples: [{}, { path: 'config', max_results: 50 }],
  aliases: ['secrets.scan'],
})
export class SecurityScanSecretsTool implements ToolHandler<typeof ScanSecretsArgs> {
  async execute({
    args,
    workspace,
    signal,
  }: ToolContext<typeof ScanSecretsArgs>): Promise<ToolResult> {
    const scan = await scanSecrets(workspace, args.path, args.max_results, signal);
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
