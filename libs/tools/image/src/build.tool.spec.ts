import { createHash } from 'node:crypto';
import type { JsonObject } from '#app/contracts';
import {
  type FakePrograms,
  type ToolWorkspace,
  appFailureOf,
  artifactTextOf,
  createFakePrograms,
  createToolWorkspace,
} from '#app/testing';
import { ImageBuildTool } from './build.tool.js';
import {
  BROKEN_BUILDER,
  BUILT_DIGEST,
  DOCKERFILE,
  LINKED_PROGRAMS,
  USER_NAMESPACE_ERROR,
  workingBuilder,
} from './testing/builder-fakes.js';

const DOCKERFILE_DIGEST = `sha256:${createHash('sha256').update(DOCKERFILE).digest('hex')}`;

describe('ImageBuildTool', () => {
  const tool = new ImageBuildTool();
  let fakes: FakePrograms;
  let ws: ToolWorkspace;

  // PATH is the fake directory alone: only the fakes and the linked real programs exist.
  const setUp = async (programs: Parameters<typeof createFakePrograms>[0]): Promise<void> => {
    fakes = await createFakePrograms(programs, { link: LINKED_PROGRAMS });
    ws = await createToolWorkspace({ searchPath: fakes.dir });
    await ws.write({
      Dockerfile: DOCKERFILE,
      'svc/Dockerfile.prod': 'FROM alpine:3.20\nUSER app\n',
    });
  };
  afterEach(async () => {
    await ws.cleanup();
    await fakes.cleanup();
  });
  const build = (args: JsonObject) =>
    ws.run(tool, args, { toolName: 'image.build', approved: true });

  it('should return the synthetic result and skip the push when no builder is installed', async () => {
    await setUp({});
    const result = await build({ push: true, tag: 'registry.local/team/app:1.0' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      builder: 'synthetic',
      simulated: true,
      context_path: '.',
      dockerfile_path: 'Dockerfile',
      tag: 'registry.local/team/app:1.0',
      image_ref: `registry.local/team/app:1.0@${DOCKERFILE_DIGEST}`,
      registry: 'registry.local',
      repository: 'team/app',
      digest: DOCKERFILE_DIGEST,
      command: [],
      push_requested: true,
      pushed: false,
      push_skipped_reason: 'no_container_builder_available',
      issues_count: 3,
      exit_code: 0,
      summary: 'image build simulated (no container builder available)',
    });
    expect(result.exit_code).toBe(0);
    expect(result.logs).toEqual([]);
    expect(JSON.parse(artifactTextOf(result, 'image-build-report.json') ?? '{}')).toEqual(
      result.output,
    );
  });

  it('should detect builders in order and build with podman when buildah does not work', async () => {
    await setUp({
      buildah: BROKEN_BUILDER,
      podman: workingBuilder(`STEP 1/4: FROM node:latest\nCOMMIT\n--> 4f4f\n${BUILT_DIGEST}`),
    });
    const result = await build({
      context_path: 'svc',
      dockerfile_path: 'Dockerfile.prod',
      tag: 'app:2',
      no_cache: true,
    });
    expect(await fakes.calls()).toEqual([
      ['buildah', 'version'],
      ['podman', 'version'],
      ['podman', 'build', '--no-cache', '-f', 'svc/Dockerfile.prod', '-t', 'app:2', 'svc'],
    ]);
    expect(result.output).toMatchObject({
      builder: 'podman',
      simulated: false,
      context_path: 'svc',
      dockerfile_path: 'svc/Dockerfile.prod',
      digest: BUILT_DIGEST,
      image_ref: `app:2@${BUILT_DIGEST}`,
      command: ['podman', 'build', '--no-cache', '-f', 'svc/Dockerfile.prod', '-t', 'app:2', 'svc'],
      push_requested: false,
      pushed: false,
      issues_count: 0,
      recommendations: ['no immediate issues found'],
      summary: 'image build completed',
    });
    expect(result.output).not.toHaveProperty('push_skipped_reason');
    expect(result.logs?.map((line) => line.message)).toEqual([expect.stringContaining('STEP 1/4')]);
  });

  it('should use buildah bud and the default tag derived from the session id when buildah works', async () => {
    await setUp({ buildah: workingBuilder('Successfully built') });
    const result = await build({});
    const tag = 'workspace.local/workspace:session-00000000000000dd';
    expect(result.output).toMatchObject({
      builder: 'buildah',
      tag,
      digest: DOCKERFILE_DIGEST,
      command: ['buildah', 'bud', '-f', 'Dockerfile', '-t', tag, '.'],
    });
  });

  it('should fall back to the synthetic result when buildah fails with a user-namespace error', async () => {
    await setUp({ buildah: workingBuilder(USER_NAMESPACE_ERROR, 125) });
    const result = await build({ push: true, tag: 'app:3' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      builder: 'synthetic',
      simulated: true,
      digest: DOCKERFILE_DIGEST,
      command: ['buildah', 'bud', '-f', 'Dockerfile', '-t', 'app:3', '.'],
      pushed: false,
      push_skipped_reason: 'builder_runtime_unavailable',
      exit_code: 0,
      summary: 'image build simulated (builder unavailable in runtime)',
    });
    expect(result.logs?.[0]?.message).toContain('cannot clone: Operation not permitted');
    expect((await fakes.calls()).some(([, verb]) => verb === 'push')).toBe(false);
  });

  it('should fail with image build failed and skip the push when docker fails', async () => {
    await setUp({ docker: workingBuilder('failed to solve: npm ci exited 1', 1) });
    const result = await build({ push: true, tag: 'app:4' });
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'image build failed',
      retryable: false,
    });
    expect(result.output).toMatchObject({
      builder: 'docker',
      simulated: false,
      pushed: false,
      push_skipped_reason: 'build_failed',
      exit_code: 1,
    });
    expect(result.exit_code).toBe(1);
  });

  it('should not treat a docker failure as a user-namespace failure even with the same text', async () => {
    await setUp({ docker: workingBuilder(USER_NAMESPACE_ERROR, 1) });
    const result = await build({ tag: 'app:5' });
    expect(result.error?.message).toBe('image build failed');
  });

  it('should push after a successful build when push is requested', async () => {
    await setUp({
      docker: [
        { when: 'version', output: 'ok' },
        { when: 'push', output: `latest: digest: ${BUILT_DIGEST} size: 1234` },
        { output: 'built' },
      ],
    });
    const result = await build({ push: true, tag: 'registry.local/app:6' });
    expect(result.output).toMatchObject({
      builder: 'docker',
      push_command: ['docker', 'push', 'registry.local/app:6'],
      pushed: true,
      summary: 'image build and push completed',
    });
    expect(result.logs).toHaveLength(2);
  });

  it('should report image push failed when the push after a build fails', async () => {
    await setUp({
      docker: [
        { when: 'version' },
        { when: 'push', output: 'denied: requested access', exitCode: 1 },
        { output: 'built' },
      ],
    });
    const result = await build({ push: true, tag: 'registry.local/app:7' });
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'image push failed',
      retryable: false,
    });
    expect(result.output).toMatchObject({ pushed: false, summary: 'image push failed' });
  });

  it('should fail with builder none when the Dockerfile cannot be read', async () => {
    await setUp({});
    const result = await build({ dockerfile_path: 'Missing.dockerfile' });
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'image build failed: unable to read Dockerfile',
      retryable: false,
    });
    expect(result.output).toMatchObject({ builder: 'none', simulated: false });
  });

  it.each(['', 'my app', '-rm', ':x', '@sha256:abc'])(
    'should refuse the tag %j as invalid_argument',
    async (tag) => {
      await setUp({});
      expect(await appFailureOf(build({ tag }))).toMatchObject({
        code: 'invalid_argument',
      });
    },
  );

  it('should refuse a context path outside the workspace', async () => {
    await setUp({});
    expect(await appFailureOf(build({ context_path: '../..' }))).toEqual({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
  });
});
