import type { JsonObject } from '#app/contracts';
import {
  buildIssueReport,
  findSha256Digest,
  imageRefOf,
  lintDockerfile,
  parseImageReference,
} from '#app/dockerfile';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { COMMAND_OUTPUT_CAP, ProgramRunner } from '#app/tooling';
import {
  type ContainerBuilder,
  detectBuilder,
  isUserNamespaceFailure,
} from './container-builder.js';
import { defaultImageTag } from './default-image-tag.js';
import { readDockerfile } from './dockerfile-source.js';
import { requireImageReference } from './image-argument.js';
import { imageBuildArguments } from './image-build-command.js';
import { emptyIssues, imageBuildReport, joinOutputs } from './image-build-report.js';
import { ImageBuildArgs, ImageBuildOutput, type PushSkippedReason } from './image-build.schema.js';
import { resolveDockerfileLocation } from './image-paths.js';
import { syntheticDigest } from './synthetic-digest.js';

const TIMEOUT_SECONDS = 300;

@Tool({
  name: 'image.build',
  description:
    'Build a container image from a workspace Dockerfile with buildah, podman or docker (synthetic when none works).',
  inputSchema: ImageBuildArgs,
  outputSchema: ImageBuildOutput,
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 4096,
  policy: {
    path_fields: [
      { field: 'context_path', workspace_relative: true },
      { field: 'dockerfile_path', workspace_relative: true },
    ],
    registry_fields: ['tag'],
    registry_requires_flag: 'push',
  },
  examples: [
    {},
    { context_path: 'services/api', tag: 'registry.local/team/api:1.4.0', no_cache: true },
  ],
})
export class ImageBuildTool implements ToolHandler<typeof ImageBuildArgs> {
  async execute(ctx: ToolContext<typeof ImageBuildArgs>): Promise<ToolResult> {
    const { args, workspace, session } = ctx;
    const tag = args.tag ?? defaultImageTag(session.id);
    requireImageReference('tag', tag);
    const pushRequested = args.push;
    const location = await resolveDockerfileLocation(
      workspace,
      args.context_path,
      args.dockerfile_path,
    );
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    const reference = parseImageReference(tag);
    const base = {
      context_path: location.context,
      dockerfile_path: location.dockerfile,
      tag,
      registry: reference.registry,
      repository: reference.repository,
      push_requested: pushRequested,
    };

    const text = await readDockerfile(programs, location.dockerfile);
    if (text === undefined) {
      const output: JsonObject = {
        ...base,
        builder: 'none',
        simulated: false,
        image_ref: tag,
        digest: '',
        command: [],
        pushed: false,
        ...(pushRequested ? { push_skipped_reason: 'build_failed' } : {}),
        ...emptyIssues(),
        exit_code: 1,
        summary: 'image build failed: unable to read Dockerfile',
        output: '',
      };
      return imageBuildReport(output, programs, {
        code: 'execution_failed',
        message: 'image build failed: unable to read Dockerfile',
        retryable: false,
      });
    }

    const issues = buildIssueReport(
      lintDockerfile(text).issues,
      args.max_issues,
      args.include_recommendations,
    );
    const simulate = (
      summary: string,
      reason: PushSkippedReason,
      command: string[],
      output: string,
    ): ToolResult => {
      const digest = syntheticDigest(text);
      return imageBuildReport(
        {
          ...base,
          builder: 'synthetic',
          simulated: true,
          image_ref: imageRefOf(tag, digest),
          digest,
          command,
          pushed: false,
          ...(pushRequested ? { push_skipped_reason: reason } : {}),
          ...issues,
          exit_code: 0,
          summary,
          output,
        },
        programs,
      );
    };

    const builder = await detectBuilder(programs);
    if (builder === undefined) {
      return simulate(
        'image build simulated (no container builder available)',
        'no_container_builder_available',
        [],
        '',
      );
    }
    const buildArgs = imageBuildArguments(builder, {
      noCache: args.no_cache,
      dockerfile: location.dockerfile,
      context: location.context,
      tag,
    });
    const build = await programs.run(builder, buildArgs);
    if (isUserNamespaceFailure(builder, build)) {
      return simulate(
        'image build simulated (builder unavailable in runtime)',
        'builder_runtime_unavailable',
        build.command,
        build.output,
      );
    }
    const digest = findSha256Digest(build.output) ?? syntheticDigest(text);
    const built = {
      ...base,
      builder,
      simulated: false,
      image_ref: imageRefOf(tag, digest),
      digest,
      command: build.command,
      ...issues,
    };
    if (build.exit_code !== 0 || build.start_error !== undefined || build.timed_out) {
      const output: JsonObject = {
        ...built,
        pushed: false,
        ...(pushRequested ? { push_skipped_reason: 'build_failed' } : {}),
        exit_code: build.exit_code,
        summary: 'image build failed',
        output: build.output,
      };
      return imageBuildReport(
        output,
        programs,
        build.timed_out
          ? { code: 'timeout', message: `command timed out: ${builder}`, retryable: true }
          : { code: 'execution_failed', message: 'image build failed', retryable: false },
      );
    }
    if (!pushRequested) {
      return imageBuildReport(
        {
          ...built,
          pushed: false,
          exit_code: 0,
          summary: 'image build completed',
          output: build.output,
        },
        programs,
      );
    }
    return this.push(programs, builder, tag, built, build.output);
  }

  private async push(
    programs: ProgramRunner,
    builder: ContainerBuilder,
    tag: string,
    built: JsonObject,
    buildOutput: string,
  ): Promise<ToolResult> {
    const push = await programs.run(builder, ['push', tag]);
    const pushed = push.exit_code === 0 && push.start_error === undefined && !push.timed_out;
    const output: JsonObject = {
      ...built,
      push_command: push.command,
      pushed,
      exit_code: push.exit_code,
      summary: pushed ? 'image build and push completed' : 'image push failed',
      output: joinOutputs(buildOutput, push.output),
    };
    return imageBuildReport(
      output,
      programs,
      pushed
        ? undefined
        : { code: 'execution_failed', message: 'image push failed', retryable: false },
    );
  }
}
