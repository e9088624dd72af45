import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import {
  buildIssueReport,
  findSha256Digest,
  lintImageReference,
  parseImageReference,
} from '#app/dockerfile';
import {
  Defaulted,
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolErrorResult,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { COMMAND_OUTPUT_CAP, ProgramRunner } from '#app/tooling';
import { detectBuilder, isUserNamespaceFailure } from './container-builder.js';
import { requireImageReference } from './image-argument.js';
import { IncludeRecommendationsArg, LINT_OUTPUT, MaxIssuesArg } from './dockerfile-lint.schema.js';
import { imageToolReport } from './image-build-report.js';
import { syntheticDigest } from './synthetic-digest.js';

const TIMEOUT_SECONDS = 180;

const ImagePushArgs = ToolArgs({
  image_ref: Type.String({ description: 'Image reference to push' }),
  max_retries: Defaulted(
    Type.Integer({
      description: 'Extra push attempts after a failure',
      minimum: 0,
      maximum: 5,
      default: 0,
    }),
  ),
  strict: Defaulted(
    Type.Boolean({
      description: 'Fail instead of simulating when no builder works',
      default: false,
    }),
  ),
  max_issues: MaxIssuesArg,
  include_recommendations: IncludeRecommendationsArg,
});

@Tool({
  name: 'image.push',
  description:
    'Push an image reference with the detected builder (simulated when none works and not strict).',
  inputSchema: ImagePushArgs,
  outputSchema: ToolOutput({
    builder: StringEnum(['buildah', 'podman', 'docker', 'synthetic', 'none']),
    simulated: Type.Boolean(),
    image_ref: Type.String(),
    registry: Type.String(),
    repository: Type.String(),
    tag: Type.String(),
    digest: Type.String(),
    command: Type.Array(Type.String()),
    attempts: Type.Integer(),
    max_retries: Type.Integer(),
    pushed: Type.Boolean(),
    push_skipped_reason: StringEnum([
      'no_container_builder_available',
      'builder_runtime_unavailable',
    ]),
    ...LINT_OUTPUT,
    exit_code: Type.Integer(),
    summary: Type.String(),
    output: Type.String(),
  }),
  scope: 'repo',
  sideEffects: 'irreversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 4096,
  policy: { registry_fields: ['image_ref'] },
  examples: [
    { image_ref: 'registry.local/team/api:1.4.0' },
    { image_ref: 'registry.local/team/api:1.4.0', max_retries: 2, strict: true },
  ],
})
export class ImagePushTool implements ToolHandler<typeof ImagePushArgs> {
  async execute(ctx: ToolContext<typeof ImagePushArgs>): Promise<ToolResult> {
    const { args } = ctx;
    const imageRef = args.image_ref;
    requireImageReference('image_ref', imageRef);
    const maxRetries = args.max_retries;
    const strict = args.strict;
    const reference = parseImageReference(imageRef);
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    const base = {
      image_ref: imageRef,
      registry: reference.registry,
      repository: reference.repository,
      tag: reference.tag,
      max_retries: maxRetries,
      ...buildIssueReport(
        lintImageReference(imageRef),
        args.max_issues,
        args.include_recommendations,
      ),
    };
    const simulated = (
      reason: string,
      summary: string,
      command: string[],
      attempts: number,
      output: string,
    ): ToolResult =>
      report(
        {
          ...base,
          builder: 'synthetic',
          simulated: true,
          digest: reference.digest !== '' ? reference.digest : syntheticDigest(imageRef),
          command,
          attempts,
          pushed: false,
          push_skipped_reason: reason,
          exit_code: 0,
          summary,
          output,
        },
        programs,
      );

    const builder = await detectBuilder(programs);
    if (builder === undefined) {
      if (!strict) {
        return simulated(
          'no_container_builder_available',
          'image push simulated (no container builder available)',
          [],
          0,
          '',
        );
      }
      const message = 'image push failed: no container builder available in strict mode';
      const output = {
        ...base,
        builder: 'none',
        simulated: false,
        digest: reference.digest,
        command: [],
        attempts: 0,
        pushed: false,
        exit_code: 1,
        summary: message,
        output: '',
      };
      return report(output, programs, { code: 'execution_failed', message, retryable: false });
    }

    const total = maxRetries + 1;
    const outputs: string[] = [];
    const command = [builder, 'push', imageRef];
    for (let attempt = 1; attempt <= total; attempt += 1) {
      const run = await programs.run(builder, ['push', imageRef]);
      outputs.push(`[attempt ${attempt}/${total}]\n${run.output}`);
      const joined = outputs.join('\n');
      if (run.exit_code === 0 && run.start_error === undefined) {
        const digest = findSha256Digest(run.output) ?? reference.digest;
        const output = {
          ...base,
          builder,
          simulated: false,
          digest,
          command,
          attempts: attempt,
          pushed: true,
          exit_code: 0,
          summary: 'image push completed',
          output: joined,
        };
        return report(output, programs);
      }
      // A runtime without user namespaces will not get one on retry.
      if (isUserNamespaceFailure(builder, run) && !strict) {
        return simulated(
          'builder_runtime_unavailable',
          'image push simulated (builder unavailable in runtime)',
          command,
          attempt,
          joined,
        );
      }
      if (attempt === total || run.timed_out || ctx.signal.aborted) {
        const error: ToolErrorResult = run.timed_out
          ? { code: 'timeout', message: `command timed out: ${builder}`, retryable: true }
          : { code: 'execution_failed', message: 'image push failed', retryable: false };
        const output = {
          ...base,
          builder,
          simulated: false,
          digest: reference.digest,
          command,
          attempts: attempt,
          pushed: false,
          exit_code: run.exit_code,
          summary: 'image push failed',
          output: joined,
        };
        return report(output, programs, error);
      }
    }
    throw new Error('unreachable: the push loop always returns');
  }
}

function report(output: JsonObject, programs: ProgramRunner, error?: ToolErrorResult): ToolResult {
  return imageToolReport('push', output, programs, error);
}
