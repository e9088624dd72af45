import type { JsonObject } from '#app/contracts';
import {
  buildIssueReport,
  lintDockerfile,
  lintImageReference,
  parseImageReference,
} from '#app/dockerfile';
import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  ProgramRunner,
  inputSchema,
  jsonArtifact,
  outputSchema,
  readBoolean,
  readInteger,
  readOptionalString,
  readString,
  stringSchema,
  textArtifact,
} from '#app/tooling';
import { readDockerfile } from './dockerfile-source.js';
import { requireImageReference } from './image-argument.js';
import { programPath, resolveDockerfileLocation } from './image-paths.js';
import {
  CONTEXT_PATH_SCHEMA,
  DOCKERFILE_PATH_SCHEMA,
  ISSUE_MEMBERS,
  MAX_ISSUES_SCHEMA,
  RECOMMENDATIONS_SCHEMA,
  STRING_ARRAY,
} from './image-schemas.js';

const TIMEOUT_SECONDS = 60;

@Tool({
  name: 'image.inspect',
  description:
    'Lint a Dockerfile (facts, issues, recommendations) or analyse an image reference without running anything.',
  inputSchema: inputSchema({
    context_path: CONTEXT_PATH_SCHEMA,
    dockerfile_path: DOCKERFILE_PATH_SCHEMA,
    image_ref: stringSchema('Analyse this image reference instead of a Dockerfile'),
    include_recommendations: RECOMMENDATIONS_SCHEMA,
    max_issues: MAX_ISSUES_SCHEMA,
  }),
  outputSchema: outputSchema({
    source_type: { type: 'string', enum: ['image_ref', 'dockerfile'] },
    context_path: 'string',
    dockerfile_path: 'string',
    image_ref: 'string',
    registry: 'string',
    repository: 'string',
    tag: 'string',
    digest: 'string',
    base_images: STRING_ARRAY,
    stages_count: 'integer',
    exposed_ports: STRING_ARRAY,
    user: 'string',
    entrypoint: 'string',
    cmd: 'string',
    ...ISSUE_MEMBERS,
    command: STRING_ARRAY,
    summary: 'string',
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: {
    path_fields: [
      { field: 'context_path', workspace_relative: true },
      { field: 'dockerfile_path', workspace_relative: true },
    ],
  },
  examples: [{}, { context_path: 'services/api' }, { image_ref: 'registry.local/team/api:1.4.0' }],
})
export class ImageInspectTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const { args, workspace } = ctx;
    const maxIssues = readInteger(args, 'max_issues', 200, 1, 2000);
    const includeRecommendations = readBoolean(args, 'include_recommendations', true);
    const imageRef = readOptionalString(args, 'image_ref');

    if (imageRef !== undefined) {
      requireImageReference('image_ref', imageRef);
      const issues = buildIssueReport(
        lintImageReference(imageRef),
        maxIssues,
        includeRecommendations,
      );
      const output: JsonObject = {
        source_type: 'image_ref',
        image_ref: imageRef,
        ...parseImageReference(imageRef),
        base_images: [],
        stages_count: 0,
        exposed_ports: [],
        user: '',
        entrypoint: '',
        cmd: '',
        ...issues,
        summary: summaryOf('image inspect completed', issues.issues_count),
      };
      return {
        output,
        exit_code: 0,
        artifacts: [
          jsonArtifact('image-inspect-report.json', output),
          textArtifact('image-inspect-source.txt', imageRef),
        ],
      };
    }

    const location = await resolveDockerfileLocation(
      workspace,
      readString(args, 'context_path', '.'),
      readString(args, 'dockerfile_path', 'Dockerfile'),
    );
    const programs = new ProgramRunner(ctx, { timeoutMs: TIMEOUT_SECONDS * 1000 });
    const text = await readDockerfile(programs, location.dockerfile);
    if (text === undefined) {
      throw new AppException('execution_failed', 'image inspect failed: unable to read Dockerfile');
    }
    const lint = lintDockerfile(text);
    const issues = buildIssueReport(lint.issues, maxIssues, includeRecommendations);
    const firstBase = lint.facts.base_images[0];
    const reference =
      firstBase === undefined
        ? { registry: '', repository: '', tag: '', digest: '' }
        : parseImageReference(firstBase);
    const output: JsonObject = {
      source_type: 'dockerfile',
      context_path: location.context,
      dockerfile_path: location.dockerfile,
      ...reference,
      ...lint.facts,
      ...issues,
      command: ['cat', '--', programPath(location.dockerfile)],
      summary: summaryOf('dockerfile inspect completed', issues.issues_count),
    };
    return {
      output,
      exit_code: 0,
      artifacts: [
        jsonArtifact('image-inspect-report.json', output),
        textArtifact('image-inspect-source.txt', text),
      ],
    };
  }
}

function summaryOf(base: string, issuesCount: number): string {
  return issuesCount > 0 ? `${base} with issues` : base;
}
