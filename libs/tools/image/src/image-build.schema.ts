import { Type } from '@sinclair/typebox';
import { Defaulted, StringEnum, ToolArgs, ToolOutput } from '#app/tool-registry';
import { ContextPathArg, DockerfilePathArg } from './dockerfile-location.schema.js';
import { IncludeRecommendationsArg, LINT_OUTPUT, MaxIssuesArg } from './dockerfile-lint.schema.js';

export type PushSkippedReason =
  'no_container_builder_available' | 'builder_runtime_unavailable' | 'build_failed';

export const ImageBuildArgs = ToolArgs({
  context_path: ContextPathArg,
  dockerfile_path: DockerfilePathArg,
  tag: Type.Optional(
    Type.String({ description: 'Image tag; default workspace.local/workspace:<session id>' }),
  ),
  push: Defaulted(
    Type.Boolean({ description: 'Push the tag after a successful build', default: false }),
  ),
  no_cache: Defaulted(
    Type.Boolean({ description: 'Build without the layer cache', default: false }),
  ),
  max_issues: MaxIssuesArg,
  include_recommendations: IncludeRecommendationsArg,
});

export const ImageBuildOutput = ToolOutput({
  builder: StringEnum(['buildah', 'podman', 'docker', 'synthetic', 'none']),
  simulated: Type.Boolean(),
  context_path: Type.String(),
  dockerfile_path: Type.String(),
  tag: Type.String(),
  image_ref: Type.String(),
  registry: Type.String(),
  repository: Type.String(),
  digest: Type.String(),
  command: Type.Array(Type.String()),
  push_command: Type.Array(Type.String()),
  push_requested: Type.Boolean(),
  pushed: Type.Boolean(),
  push_skipped_reason: StringEnum([
    'no_container_builder_available',
    'builder_runtime_unavailable',
    'build_failed',
  ]),
  ...LINT_OUTPUT,
  exit_code: Type.Integer(),
  summary: Type.String(),
  output: Type.String(),
});
