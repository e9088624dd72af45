import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import { imageReferenceProblem } from '#app/dockerfile';
import { AppException } from '#app/errors';
import {
  Defaulted,
  OpaqueObject,
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  pathPolicy,
  type ToolContext,
  type ToolErrorResult,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { ProgramRunner, type ProgramRun, programFailure } from '#app/tooling';
import {
  type ContainerFinding,
  normaliseThreshold,
  rankFindings,
  severityCounts,
  trivySeverityList,
} from './container/container-finding.js';
import { scanDockerfiles } from './container/dockerfile-heuristics.js';
import { parseTrivyReport } from './container/trivy-report.js';
import { JSON_CONTENT_TYPE, TEXT_CONTENT_TYPE } from './content-types.js';
import { ProjectPathArg } from './project-path.schema.js';

const TIMEOUT_SECONDS = 240;
const TRIVY_OUTPUT_CAP = 4 * 1024 * 1024;

type Scanner = 'trivy' | 'heuristic-dockerfile';

interface ScanOutcome {
  scanner: Scanner;
  command: string[];
  findings: ContainerFinding[];
  exitCode: number;
  text: string;
  /** The scan failed; raised only when no finding was made at all. */
  failure?: ToolErrorResult;
}

const ScanContainerArgs = ToolArgs({
  path: ProjectPathArg,
  image_ref: Type.Optional(
    Type.String({ description: 'Scan this image instead of the workspace path' }),
  ),
  max_findings: Defaulted(
    Type.Integer({
      description: 'Cut the findings at this many',
      minimum: 1,
      maximum: 2000,
      default: 200,
    }),
  ),
  severity_threshold: Defaulted(
    StringEnum(['low', 'medium', 'moderate', 'high', 'critical'], {
      description: 'Drop findings below this severity (moderate = medium)',
      default: 'medium',
    }),
  ),
});

@Tool({
  name: 'security.scan_container',
  description:
    'Scan an image or the workspace with trivy; without trivy, apply the Dockerfile heuristics.',
  inputSchema: ScanContainerArgs,
  outputSchema: ToolOutput({
    scanner: StringEnum(['trivy', 'heuristic-dockerfile']),
    target: Type.String(),
    command: Type.Array(Type.String()),
    severity_threshold: Type.String(),
    findings_count: Type.Integer(),
    findings: Type.Array(OpaqueObject()),
    severity_counts: OpaqueObject(),
    truncated: Type.Boolean(),
    exit_code: Type.Integer(),
    summary: Type.String(),
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 4096,
  policy: pathPolicy('path'),
  examples: [
    {},
    { path: 'services/api', severity_threshold: 'high' },
    { image_ref: 'docker.io/library/alpine:3.20', max_findings: 50 },
  ],
})
export class SecurityScanContainerTool implements ToolHandler<typeof ScanContainerArgs> {
  async execute(ctx: ToolContext<typeof ScanContainerArgs>): Promise<ToolResult> {
    const { args, workspace } = ctx;
    const path = await workspace.resolve(args.path);
    const imageRef = args.image_ref;
    if (imageRef !== undefined) {
      const problem = imageReferenceProblem(imageRef);
      if (problem !== undefined) {
        throw new AppException('invalid_argument', `image_ref ${problem}`);
      }
    }
    const threshold = normaliseThreshold(args.severity_threshold);
    const maxFindings = args.max_findings;
    const programs = new ProgramRunner(ctx, {
      timeoutMs: (TIMEOUT_SECONDS - 10) * 1000,
      outputCapBytes: TRIVY_OUTPUT_CAP,
    });
    const target = imageRef ?? path;
    const programTarget = imageRef ?? (path.startsWith('-') ? `./${path}` : path);

    const scan = await this.scan(
      programs,
      imageRef === undefined ? 'fs' : 'image',
      programTarget,
      trivySeverityList(threshold),
    );
    const ranked = rankFindings(scan.findings, threshold);
    if (scan.failure !== undefined && scan.findings.length === 0) {
      return { logs: programs.logs, exit_code: scan.exitCode, error: scan.failure };
    }
    const findings = ranked.slice(0, maxFindings);
    const output: JsonObject = {
      scanner: scan.scanner,
      target,
      command: scan.command,
      severity_threshold: threshold,
      findings_count: ranked.length,
      findings,
      severity_counts: severityCounts(ranked),
      truncated: ranked.length > maxFindings,
      exit_code: scan.exitCode,
      summary: `${ranked.length} finding${ranked.length === 1 ? '' : 's'} at or above ${threshold} (${scan.scanner})`,
    };
    return {
      output,
      logs: programs.logs,
      exit_code: scan.exitCode,
      artifacts: [
        {
          name: 'container-scan-output.txt',
          content_type: TEXT_CONTENT_TYPE,
          data: Buffer.from(scan.text, 'utf8'),
        },
        {
          name: 'container-scan-findings.json',
          content_type: JSON_CONTENT_TYPE,
          data: Buffer.from(`${JSON.stringify(ranked, null, 2)}\n`, 'utf8'),
        },
      ],
    };
  }

  private async scan(
    programs: ProgramRunner,
    mode: 'fs' | 'image',
    target: string,
    severities: string,
  ): Promise<ScanOutcome> {
    const trivy = await programs.run('trivy', [
      mode,
      '--format',
      'json',
      '--quiet',
      '--no-progress',
      '--severity',
      severities,
      target,
    ]);
    const parsed =
      trivy.exit_code === 0 && !trivy.truncated ? parseTrivyReport(trivy.output) : undefined;
    if (parsed !== undefined && (parsed.length > 0 || mode === 'image')) {
      return {
        scanner: 'trivy',
        command: trivy.command,
        findings: parsed,
        exitCode: trivy.exit_code,
        text: trivy.output,
      };
    }
    // Fallback: trivy missing, failing or unparsable — and also a clean `trivy fs` run, which
    // does not lint Dockerfiles the way the catalog's heuristics do.
    const heuristics = await scanDockerfiles(programs, mode === 'fs' ? target : '.');
    if (
      parsed !== undefined &&
      heuristics.findings.length === 0 &&
      heuristics.failure === undefined
    ) {
      return {
        scanner: 'trivy',
        command: trivy.command,
        findings: [],
        exitCode: trivy.exit_code,
        text: trivy.output,
      };
    }
    return {
      scanner: 'heuristic-dockerfile',
      command: heuristics.command,
      findings: heuristics.findings,
      exitCode: 0,
      text: heuristicText(heuristics.files, heuristics.findings),
      failure: failureOf(trivy, parsed !== undefined, heuristics.failure),
    };
  }
}

// A missing trivy is the documented fallback, not a failure; a trivy that ran and failed (or a
// file listing that failed) is, when nothing at all was found.
function failureOf(
  trivy: ProgramRun,
  trivyParsed: boolean,
  listingFailure: string | undefined,
): ToolErrorResult | undefined {
  if (listingFailure !== undefined) {
    return {
      code: 'execution_failed',
      message: `command failed: ${listingFailure}`,
      retryable: false,
    };
  }
  if (trivyParsed || trivy.start_error !== undefined) {
    return undefined;
  }
  return (
    programFailure(trivy) ?? {
      code: 'execution_failed',
      message: 'command failed: trivy printed an unreadable report',
      retryable: false,
    }
  );
}

function heuristicText(files: readonly string[], findings: readonly ContainerFinding[]): string {
  const lines = [`dockerfiles scanned: ${files.length === 0 ? 'none' : files.join(', ')}`];
  for (const finding of findings) {
    lines.push(
      `${finding.target}:${String(finding['line'] ?? 0)}: [${finding.severity}] ${finding.id} ${String(finding['message'] ?? '')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
