import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import {
  buildIssueReport,
  lintDockerfile,
  lintImageReference,
  parseImageReference,
} from '#app/dockerfile';
import { AppException } from '#app/errors';
import {
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { ProgramRunner, jsonArtifact, textArtifact } from '#app/tooling';
import { readDockerfile } from './dockerfile-source.js';
import { requireImageReference } from './image-argument.js';
import { programPath, resolveDockerfileLocation } from './image-paths.js';
import { ContextPathArg, DockerfilePathArg } from './dockerfile-location.schema.js';
import { IncludeRecommendationsArg, LINT_OUTPUT, MaxIssuesArg } from './dockerfile-lint.schema.js';

const TIMEOUT_SECONDS = 60;

const ImageInspectArgs = ToolArgs({
  context_path: ContextPathArg,
  dockerfile_path: DockerfilePathArg,
  image_ref: Type.Optional(
    Type.String({ description: 'Analyse this image reference instead of a Dockerfile' }),
  ),
  include_recommendations: IncludeRecommendationsArg,
  max_issues: MaxIssuesArg,
});

@Tool({
  name: 'image.inspect',
  description:
    'Lint a Dockerfile (facts, issues, recommendations) or analyse an image reference without running anything.',
  inputSchema: ImageInspectArgs,
  outputSchema: ToolOutput({
    source_type: StringEnum(['image_ref', 'dockerfile']),
    context_path: Type.String(),
    dockerfile_path: Type.String(),
    image_ref: Type.String(),
    registry: Type.String(),
    repository: Type.String(),
    tag: Type.String(),
    digest: Type.String(),
    base_images: Type.Array(Type.String()),
    stages_count: Type.Integer(),
    exposed_ports: Type.Array(Type.String()),
    user: Type.String(),
    entrypoint: Type.String(),
    cmd: Type.String(),
    ...LINT_OUTPUT,
    command: Type.Array(Type.String()),
    summary: Type.String(),
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
export class ImageInspectTool implements ToolHandler<typeof ImageInspectArgs> {
  async execute(ctx: ToolContext<typeof ImageInspectArgs>): Promise<ToolResult> {
    const { args, workspace } = ctx;
    const maxIssues = args.max_issues;
    const includeRecommendations = args.include_recommendations;
    const imageRef = args.image_ref;

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
      args.context_path,
      args.dockerfile_path,
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
